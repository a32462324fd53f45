package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.testsupport.Stress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.util.RaceTestUtils;

/**
 * {@code withPermit(Publisher)} raced against cancellation: a cancel landing anywhere in the
 * hand-off of a released permit (before the waiter was told, while it is being told, after the
 * body started) leaves every permit back and never lets more bodies in than there are permits.
 * Iterations scale with {@code -Dreactio.stress=N}.
 */
@Tag("stress")
@Timeout(300)
class WithPermitFluxStressTest {

    /**
     * One waiter, one release, one cancel, again and again; the cancel lands after a random
     * spin so that it sweeps the whole hand-off, including the few instructions between the
     * waiter being told and the holder starting its body.
     */
    @Test
    void aCancelRacingTheGrantLeavesThePermitBack() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        AtomicInteger started = new AtomicInteger();
        int rounds = Stress.times(30_000);
        for (int i = 0; i < rounds; i++) {
            Aio.run(semaphore.acquire());
            Disposable waiting = semaphore
                    .withPermit(Flux.range(0, 3).concatWith(Flux.never()).doOnSubscribe(s -> started.incrementAndGet()))
                    .subscribe();
            RaceTestUtils.race(semaphore::release, () -> {
                Stress.jitter();
                waiting.dispose();
            });
            if (semaphore.availablePermits() != 1) {
                throw new AssertionError("round " + i + ": " + semaphore.availablePermits()
                        + " free permits instead of 1 (bodies started so far: " + started + ")");
            }
        }
    }

    /**
     * Four threads keep three permits busy with bodies of several values, every subscription
     * cancelled from another thread at a random moment: never a fourth body inside, and all
     * three permits back at the end.
     */
    @Test
    void cancelledStreamsNeverAdmitMoreBodiesThanPermitsNorLoseOne() {
        AsyncSemaphore semaphore = new AsyncSemaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        int perThread = Stress.times(5_000);
        CountDownLatch ended = new CountDownLatch(4 * perThread);
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads("flux-with-permit", 4, t -> {
                for (int i = 0; i < perThread; i++) {
                    Flux<Integer> body = Flux.defer(() -> {
                                peak.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                return Flux.range(
                                                0,
                                                1 + ThreadLocalRandom.current().nextInt(4))
                                        .doOnNext(v -> Stress.jitter());
                            })
                            .doOnTerminate(inside::decrementAndGet)
                            .doOnCancel(inside::decrementAndGet); // before the release
                    Disposable d = semaphore
                            .withPermit(body)
                            .doFinally(signal -> ended.countDown())
                            .subscribe();
                    cancellers.cancelSoon(d);
                }
            });
        }
        Stress.await(ended, "every stream to end", semaphore::toString);
        assertThat(peak.get()).as("most bodies inside at once").isLessThanOrEqualTo(3);
        assertThat(semaphore.availablePermits()).isEqualTo(3);
    }
}
