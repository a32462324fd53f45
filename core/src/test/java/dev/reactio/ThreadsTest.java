package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** {@link Aio#toThread} and {@link Aio#runInExecutor}: asyncio.to_thread, loop.run_in_executor. */
@Timeout(10)
class ThreadsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-pool"));

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void toThreadRunsOnBoundedElastic() {
        StepVerifier.create(Aio.toThread(() -> Thread.currentThread().getName()))
                .assertNext(name -> assertThat(name).startsWith("boundedElastic"))
                .verifyComplete();
    }

    @Test
    void runInExecutorRunsOnTheGivenExecutor() {
        StepVerifier.create(Aio.runInExecutor(pool, () -> Thread.currentThread().getName()))
                .expectNext("test-pool")
                .verifyComplete();
    }

    @Test
    void aNullExecutorMeansBoundedElastic() {
        StepVerifier.create(Aio.runInExecutor(null, () -> Thread.currentThread().getName()))
                .assertNext(name -> assertThat(name).startsWith("boundedElastic"))
                .verifyComplete();
    }

    @Test
    void aNullResultCompletesEmpty() {
        StepVerifier.create(Aio.toThread(() -> null)).verifyComplete();
    }

    @Test
    void aCheckedExceptionIsSignalled() {
        StepVerifier.create(Aio.toThread(() -> {
                    throw new IOException("disk");
                }))
                .expectErrorSatisfies(
                        e -> assertThat(e).isInstanceOf(IOException.class).hasMessage("disk"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void nothingRunsUntilSubscribed() {
        AtomicBoolean ran = new AtomicBoolean();
        Aio.toThread(() -> ran.getAndSet(true));
        assertThat(ran).isFalse();
    }

    @Test
    void cancellingInterruptsTheRunningThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Object> result = new AtomicReference<>();
        Disposable d = Aio.runInExecutor(pool, () -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await(); // blocks until interrupted
                        return "not interrupted";
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                })
                .subscribe(result::set, result::set);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        d.dispose();
        assertThat(interrupted.await(5, TimeUnit.SECONDS))
                .as("worker interrupted")
                .isTrue();
        assertThat(result.get()).as("a cancelled subscriber gets nothing").isNull();
    }

    @Test
    void cancellingBeforeItStartsMeansItNeverRuns() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch release = new CountDownLatch(1);
            single.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicBoolean ran = new AtomicBoolean();
            Aio.runInExecutor(single, () -> ran.getAndSet(true)).subscribe().dispose();
            release.countDown();
            single.shutdown();
            assertThat(single.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).isFalse();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aRejectingExecutorGivesRejectedExecutionException() {
        pool.shutdown();
        StepVerifier.create(Aio.runInExecutor(pool, () -> 1))
                .expectError(RejectedExecutionException.class)
                .verify(Duration.ofSeconds(5));
    }
}
