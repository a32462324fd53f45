package dev.reactio.sync;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Scannable} answers of the sync primitives' publishers and waiters, in reactor-core's scan test style. */
class ScanTest {

    /** Keeps the raw {@code Subscription} the publisher handed over, requesting nothing. */
    static final class Capture<T> extends BaseSubscriber<T> {
        volatile Subscription subscription;

        @Override
        protected void hookOnSubscribe(Subscription s) {
            subscription = s;
        }

        Scannable inner() {
            return Scannable.from(subscription);
        }
    }

    @Test
    void scanPublishers() {
        AsyncLock lock = new AsyncLock();
        AsyncQueue<String> queue = new AsyncQueue<>();
        Mono<String> body = Mono.just("a");
        assertThat(Scannable.from(lock.acquire()).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(Scannable.from(new AsyncEvent().await()).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(Scannable.from(queue.get()).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(Scannable.from(queue.put("a")).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(Scannable.from(queue.consume()).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        Scannable withLock = Scannable.from(lock.withLock(body));
        assertThat(withLock.scan(Attr.PARENT)).isSameAs(body);
        assertThat(withLock.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
    }

    @Test
    void scanWaiter() {
        AsyncLock lock = new AsyncLock();
        lock.acquire().block();
        Capture<Void> actual = new Capture<>();
        lock.acquire().subscribe(actual);
        Scannable waiter = actual.inner();
        assertThat(waiter.scanUnsafe(Attr.ACTUAL)).isSameAs(actual);
        assertThat(waiter.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(waiter.scan(Attr.CANCELLED)).isFalse();
        assertThat(waiter.scan(Attr.TERMINATED)).isFalse();
        actual.subscription.cancel();
        assertThat(waiter.scan(Attr.CANCELLED)).isTrue();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void scanWaiterTerminatedWhenGranted() {
        AsyncEvent event = new AsyncEvent();
        Capture<Void> actual = new Capture<>();
        event.await().subscribe(actual);
        Scannable waiter = actual.inner();
        event.set();
        assertThat(waiter.scan(Attr.TERMINATED)).isTrue();
        assertThat(waiter.scan(Attr.CANCELLED)).isFalse();
    }

    @Test
    void scanWithLockHolder() {
        AsyncLock lock = new AsyncLock();
        lock.acquire().block();
        Capture<String> actual = new Capture<>();
        lock.withLock(Mono.just("a")).subscribe(actual);
        Scannable holder = actual.inner();
        assertThat(holder.scanUnsafe(Attr.ACTUAL)).isSameAs(actual);
        assertThat(holder.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(holder.scan(Attr.CANCELLED)).isFalse();
        actual.subscription.cancel();
        assertThat(holder.scan(Attr.CANCELLED)).isTrue();
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void scanQueueConsumer() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        Capture<String> actual = new Capture<>();
        queue.consume().subscribe(actual);
        Scannable run = actual.inner();
        assertThat(run.scanUnsafe(Attr.ACTUAL)).isSameAs(actual);
        assertThat(run.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        actual.subscription.request(2);
        assertThat(run.scan(Attr.REQUESTED_FROM_DOWNSTREAM)).isEqualTo(2L);
        assertThat(run.scan(Attr.PARENT)).isNotNull(); // the get() in flight
        assertThat(run.scan(Attr.CANCELLED)).isFalse();
        actual.subscription.cancel();
        assertThat(run.scan(Attr.CANCELLED)).isTrue();
    }
}
