package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.testsupport.Stress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;
import reactor.test.util.RaceTestUtils;

/**
 * {@link AsyncSemaphore} under many workers and random cancellation: never more holders than
 * permits, no permit leaked or minted, modelled on kotlinx's {@code SemaphoreStressTest}.
 * Iterations scale with {@code -Dreactio.stress=N}.
 */
@Tag("stress")
class SemaphoreStressTest {

    private static final int PERMITS = 3;
    private static final int WORKERS = 8;
    private static final int ITERATIONS = 5_000;

    /** Deliberately plain: only the semaphore under test guards it. */
    private int counter;

    @Test
    void withPermitNeverAdmitsMoreThanThreeHoldersUnderRandomCancellation() {
        AsyncSemaphore semaphore = new AsyncSemaphore(PERMITS);
        int perWorker = Stress.times(ITERATIONS);
        int total = WORKERS * perWorker;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch settled = new CountDownLatch(total);
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads("worker", WORKERS, w -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perWorker; i++) {
                    Disposable d = semaphore
                            .withPermit(holding(holders, maxHolders, entered))
                            .doFinally(signal -> {
                                if (signal == SignalType.CANCEL) {
                                    cancelled.incrementAndGet();
                                } else if (signal == SignalType.ON_COMPLETE) {
                                    completed.incrementAndGet();
                                }
                                settled.countDown();
                            })
                            .subscribe(null, error::set);
                    if (random.nextInt(4) == 0) {
                        cancellers.cancelSoon(d);
                    }
                }
            });
            Stress.await(
                    settled,
                    "every withPermit to complete or be cancelled",
                    () -> "completed=" + completed + ", cancelled=" + cancelled + ", holders=" + holders + ", "
                            + semaphore);
        }
        assertThat(error.get()).isNull();
        assertThat(maxHolders.get()).as("most holders at once").isBetween(1, PERMITS);
        assertThat(holders.get()).as("holders left").isZero();
        assertThat(completed.get() + cancelled.get()).isEqualTo(total);
        assertThat(entered.get()).as("bodies entered").isGreaterThanOrEqualTo(completed.get());
        assertThat(semaphore.availablePermits())
                .as("permits after everyone finished or cancelled")
                .isEqualTo(PERMITS);
        assertThat(semaphore.locked()).isFalse();
    }

    /** kotlinx's {@code testStressTestAsMutex}: a one-permit semaphore is a lock. */
    @Test
    void oneThreadPerWorkerBlockingOnAOnePermitSemaphoreLosesNoIncrement() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        int perWorker = Stress.times(ITERATIONS);
        Stress.inThreads("worker", WORKERS, w -> {
            for (int i = 0; i < perWorker; i++) {
                semaphore.withPermit(Mono.fromRunnable(() -> counter++)).block();
            }
        });
        assertThat(counter).isEqualTo(WORKERS * perWorker);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    /**
     * kotlinx's {@code testStressReleaseCancelRace}: the holder's {@code release()} races the only
     * waiter's cancel. Either the waiter is told (and releases in turn) or its cancel wins and the
     * permit is passed on; the permit is never lost and never doubled.
     */
    @Test
    void releaseRacingTheWaitersCancelNeitherLosesNorMintsAPermit() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        int rounds = Stress.times(ITERATIONS * 4);
        for (int i = 0; i < rounds; i++) {
            assertThat(semaphore.acquire().toFuture())
                    .as("round %d starts by taking the permit", i)
                    .isCompleted();
            assertThat(semaphore.availablePermits()).isZero();
            Stress.Recorder<Void> waiter = new Stress.Recorder<>(semaphore::release);
            semaphore.acquire().subscribe(waiter);
            assertThat(waiter.completions).as("round %d: the waiter waits", i).hasValue(0);
            RaceTestUtils.race(semaphore::release, waiter::dispose);
            assertThat(semaphore.availablePermits())
                    .as(
                            "round %d: permits after release raced cancel (waiter told: %s)",
                            i, waiter.completions.get() == 1)
                    .isEqualTo(1);
        }
    }

    /**
     * The same race one level up: the holder's {@code release()} races the cancel of a waiting
     * {@code withPermit}. The body either runs (and {@code withPermit} releases after it) or the
     * cancel wins and the permit is passed on; {@code withPermit} never strands the permit.
     */
    @Test
    void releaseRacingTheCancelOfAWaitingWithPermitNeitherLosesNorMintsAPermit() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        int rounds = Stress.times(ITERATIONS * 4);
        AtomicInteger bodies = new AtomicInteger();
        for (int i = 0; i < rounds; i++) {
            assertThat(semaphore.acquire().toFuture())
                    .as("round %d starts by taking the permit", i)
                    .isCompleted();
            Disposable waiting = semaphore
                    .withPermit(Mono.fromRunnable(bodies::incrementAndGet))
                    .subscribe();
            RaceTestUtils.race(semaphore::release, waiting::dispose);
            assertThat(semaphore.availablePermits())
                    .as(
                            "round %d: permits after release raced the cancel of withPermit (%d bodies ran so far)",
                            i, bodies.get())
                    .isEqualTo(1);
        }
    }

    /**
     * kotlinx's {@code testStressCancellation}: waiters cancelled from another thread while all
     * permits are held take nothing.
     */
    @Test
    void waitersCancelledFromAnotherThreadTakeNothing() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        assertThat(semaphore.acquire().toFuture()).isCompleted();
        int waiters = Stress.times(ITERATIONS * 4);
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            for (int i = 0; i < waiters; i++) {
                cancellers.cancelSoon(semaphore.acquire().subscribe());
            }
        }
        assertThat(semaphore.availablePermits()).isZero();
        assertThat(semaphore.locked()).isTrue();
        semaphore.release();
        assertThat(semaphore.availablePermits())
                .as("no cancelled waiter kept the released permit")
                .isEqualTo(1);
    }

    /**
     * A body that counts itself as a holder from its subscription (the permit is held by then)
     * until it completes, fails or is cancelled, whichever comes first. It leaves before its end
     * reaches {@code withPermit} (doOnTerminate, doOnCancel), so before the permit is released,
     * and it ends on a parallel worker so that holders overlap.
     */
    private static Mono<Object> holding(AtomicInteger holders, AtomicInteger maxHolders, AtomicInteger entered) {
        return Mono.defer(() -> {
            entered.incrementAndGet();
            int now = holders.incrementAndGet();
            maxHolders.accumulateAndGet(now, Math::max);
            AtomicBoolean left = new AtomicBoolean();
            Runnable leave = () -> {
                if (left.compareAndSet(false, true)) {
                    holders.decrementAndGet();
                }
            };
            return Mono.fromRunnable(Stress::jitter)
                    .subscribeOn(Schedulers.parallel())
                    .doOnTerminate(leave)
                    .doOnCancel(leave);
        });
    }
}
