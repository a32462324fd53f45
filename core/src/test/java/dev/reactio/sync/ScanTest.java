package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

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
        assertThat(Scannable.from(new AsyncEvent().await()).scan(Attr.RUN_STYLE))
                .isSameAs(Attr.RunStyle.SYNC);
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

    @Test
    void scanFluxWithPermitOperators() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(2);
        Flux<String> body = Flux.just("a", "b");
        for (Scannable test :
                new Scannable[] {Scannable.from(lock.withLock(body)), Scannable.from(semaphore.withPermit(body))}) {
            assertThat(test.scan(Attr.PARENT)).isSameAs(body);
            assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
            assertThat(test.scan(Attr.PREFETCH)).isEqualTo(-1); // passes requests through, as FluxOperator says
        }
    }

    @Test
    void scanFluxWithPermitHolder() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        semaphore.acquire().block();
        Capture<Integer> actual = new Capture<>();
        semaphore.withPermit(Flux.range(1, 10)).subscribe(actual);
        Scannable holder = actual.inner();
        assertThat(holder.scanUnsafe(Attr.ACTUAL)).isSameAs(actual);
        assertThat(holder.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        actual.subscription.request(3); // kept until the body starts
        assertThat(holder.scan(Attr.REQUESTED_FROM_DOWNSTREAM)).isEqualTo(3L);
        assertThat(holder.scan(Attr.PARENT)).as("no body yet").isNull();
        semaphore.release(); // the body starts, with the demand made meanwhile
        assertThat(holder.scan(Attr.PARENT)).isNotNull(); // the body's subscription
        assertThat(holder.scan(Attr.TERMINATED)).isFalse();
        assertThat(holder.scan(Attr.CANCELLED)).isFalse();
        actual.subscription.cancel();
        assertThat(holder.scan(Attr.CANCELLED)).isTrue();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void scanFluxWithPermitHolderTerminatedWhenTheBodyCompletes() {
        AsyncLock lock = new AsyncLock();
        Capture<Integer> actual = new Capture<>();
        lock.withLock(Flux.just(1, 2)).subscribe(actual);
        Scannable holder = actual.inner();
        actual.subscription.request(3);
        assertThat(holder.scan(Attr.TERMINATED)).isTrue();
        assertThat(holder.scan(Attr.CANCELLED)).isFalse();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void scanWithPermitAcquirer() {
        Capture<Integer> actual = new Capture<>();
        WithPermit.Holder<Integer> holder = new WithPermit.Holder<>(actual, () -> {}, Flux.just(1));
        Scannable acquirer = Scannable.from(holder.acquirer());
        assertThat(acquirer.isScanAvailable()).isTrue();
        assertThat(acquirer.scanUnsafe(Attr.ACTUAL)).isSameAs(holder);
        assertThat(acquirer.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(acquirer.scan(Attr.PREFETCH)).isEqualTo(Integer.MAX_VALUE);
        var upstream = Operators.emptySubscription();
        ((reactor.core.CoreSubscriber<?>) acquirer).onSubscribe(upstream);
        assertThat(acquirer.scan(Attr.PARENT)).isSameAs(upstream);
        assertThat(acquirer.scan(Attr.TERMINATED)).isFalse();
        assertThat(acquirer.scan(Attr.CANCELLED)).isFalse();
        holder.cancel(); // while acquiring: cancels the acquire
        assertThat(acquirer.scan(Attr.CANCELLED)).isTrue();
    }

    @Test
    void scanWithPermitAcquirerTerminatedWhenGranted() {
        AsyncLock lock = new AsyncLock();
        lock.acquire().block();
        Capture<Integer> actual = new Capture<>();
        WithPermit.Holder<Integer> holder = new WithPermit.Holder<>(actual, lock::release, Flux.just(1));
        reactor.core.CoreSubscriber<Void> acquirer = holder.acquirer();
        lock.acquire().subscribe(acquirer);
        assertThat(Scannable.from(acquirer).scan(Attr.TERMINATED)).isFalse();
        lock.release(); // granted: the body runs (no demand yet)
        assertThat(Scannable.from(acquirer).scan(Attr.TERMINATED)).isTrue();
        assertThat(Scannable.from(acquirer).scan(Attr.CANCELLED)).isFalse();
        holder.cancel();
        assertThat(lock.locked()).isFalse();
    }
}
