package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@link Aio#run(Mono)}: asyncio.run. */
@Timeout(10)
class RunTest {

    @Test
    void returnsTheValueOfMain() {
        assertThat(Aio.run(Mono.just("Greeted Alice"))).isEqualTo("Greeted Alice");
    }

    @Test
    void returnsNullWhenMainCompletesEmpty() {
        assertThat(Aio.<String>run(Mono.empty())).isNull();
    }

    @Test
    void waitsForAsynchronousWork() {
        Integer value = Aio.run(Mono.just(1).publishOn(Schedulers.parallel()).map(i -> i + 1));
        assertThat(value).isEqualTo(2);
    }

    @Test
    void rethrowsAnUncheckedExceptionAsIs() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(() -> Aio.run(Mono.error(boom))).isSameAs(boom);
    }

    @Test
    void rethrowsAnErrorAsIs() {
        AssertionError boom = new AssertionError("boom");
        assertThatThrownBy(() -> Aio.run(Mono.error(boom))).isSameAs(boom);
    }

    @Test
    void wrapsACheckedExceptionInCompletionException() {
        IOException boom = new IOException("disk");
        assertThatThrownBy(() -> Aio.run(Mono.error(boom)))
                .isInstanceOf(CompletionException.class)
                .hasCause(boom);
    }

    @Test
    void refusesToRunOnANonBlockingThread() {
        Throwable error = Mono.fromCallable(() -> Aio.run(Mono.just(1)))
                .subscribeOn(Schedulers.parallel())
                .map(v -> (Throwable) null)
                .onErrorResume(e -> Mono.just(e))
                .block(Duration.ofSeconds(5));
        assertThat(error)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Aio.run() cannot be called from a running event loop");
    }

    @Test
    void refusesToNestInsideAnotherRunOnTheSameThread() {
        assertThatThrownBy(() -> Aio.run(Mono.fromCallable(() -> Aio.run(Mono.just(1)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("running event loop");
    }

    @Test
    void interruptCancelsMainKeepsTheFlagAndThrowsCancellation() throws Exception {
        CountDownLatch subscribed = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread runner = new Thread(() -> {
            try {
                Aio.run(Mono.never().doOnSubscribe(s -> subscribed.countDown()).doOnCancel(() -> cancelled.set(true)));
            } catch (Throwable e) {
                thrown.set(e);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        runner.start();
        assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(5_000);

        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(cancelled).isTrue();
        assertThat(flagAfter).isTrue();
    }
}
