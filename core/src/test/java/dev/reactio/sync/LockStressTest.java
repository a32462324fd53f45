package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.testsupport.Stress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;
import reactor.test.util.RaceTestUtils;

/**
 * {@link AsyncLock} under contention from many threads: mutual exclusion (a plain {@code int}
 * incremented under the lock loses nothing), and the lock ends free however its users ended.
 * Iterations scale with {@code -Dreactio.stress=N}.
 */
@Tag("stress")
class LockStressTest {

    private static final int THREADS = 8;
    private static final int ITERATIONS = 10_000;

    /** Deliberately not volatile and not atomic: only the lock under test guards it. */
    private int counter;

    @Test
    void withLockSubscribedFromEightThreadsLosesNoIncrement() {
        runIncrements(body -> body);
    }

    @Test
    void withLockWhoseBodiesHopToTheParallelSchedulerLosesNoIncrement() {
        // Each body finishes on a parallel worker, so release and the next hand-off happen there.
        runIncrements(body -> body.subscribeOn(Schedulers.parallel()));
    }

    /**
     * Two threads (one per core here) that each wait for their own {@code withLock} before the
     * next: the lock is mostly free, so they race on the uncontended fast path, not in the queue.
     */
    @Test
    void withLockBlockedOnByTwoThreadsAtATimeLosesNoIncrement() {
        AsyncLock lock = new AsyncLock();
        int perThread = Stress.times(ITERATIONS * THREADS / 2);
        Stress.inThreads("locker", 2, t -> {
            for (int i = 0; i < perThread; i++) {
                lock.withLock(Mono.fromRunnable(() -> counter++)).block();
            }
        });
        assertThat(counter).isEqualTo(2 * perThread);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void withLockUnderRandomCancellationEndsUnlocked() {
        AsyncLock lock = new AsyncLock();
        int perThread = Stress.times(ITERATIONS / 4);
        int total = THREADS * perThread;
        CountDownLatch settled = new CountDownLatch(total);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads("locker", THREADS, t -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perThread; i++) {
                    Disposable d = lock.withLock(
                                    Mono.fromRunnable(() -> counter++).subscribeOn(Schedulers.parallel()))
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
                    "every withLock to complete or be cancelled",
                    () -> "completed=" + completed + ", cancelled=" + cancelled + ", " + lock);
        }
        assertThat(error.get()).isNull();
        assertThat(completed.get() + cancelled.get()).isEqualTo(total);
        assertThat(lock.locked())
                .as("lock is free after everyone finished or cancelled")
                .isFalse();
        // Nothing leaked: the next acquire is served at once.
        assertThat(lock.acquire().toFuture()).isCompleted();
    }

    /**
     * kotlinx's {@code testStressReleaseCancelRace}: the holder's {@code release()} races the only
     * waiter's cancel. Either the waiter is told (and releases in turn) or its cancel wins and the
     * lock is handed on; in both cases the lock ends free.
     */
    @Test
    void releaseRacingTheWaitersCancelLeavesTheLockFree() {
        AsyncLock lock = new AsyncLock();
        int rounds = Stress.times(ITERATIONS);
        for (int i = 0; i < rounds; i++) {
            assertThat(lock.acquire().toFuture())
                    .as("round %d starts by taking the free lock", i)
                    .isCompleted();
            Stress.Recorder<Void> waiter = new Stress.Recorder<>(lock::release);
            lock.acquire().subscribe(waiter);
            assertThat(waiter.completions).as("round %d: the waiter waits", i).hasValue(0);
            RaceTestUtils.race(lock::release, waiter::dispose);
            assertThat(lock.locked())
                    .as(
                            "round %d: lock free after release raced cancel (waiter told: %s)",
                            i, waiter.completions.get() == 1)
                    .isFalse();
        }
    }

    /**
     * The same race one level up: the holder's {@code release()} races the cancel of a waiting
     * {@code withLock}. The body either runs (and {@code withLock} releases after it) or the
     * cancel wins and the lock is handed on; {@code withLock} never strands the lock.
     */
    @Test
    void releaseRacingTheCancelOfAWaitingWithLockLeavesTheLockFree() {
        AsyncLock lock = new AsyncLock();
        int rounds = Stress.times(ITERATIONS);
        AtomicInteger bodies = new AtomicInteger();
        for (int i = 0; i < rounds; i++) {
            assertThat(lock.acquire().toFuture())
                    .as("round %d starts by taking the free lock", i)
                    .isCompleted();
            Disposable waiting =
                    lock.withLock(Mono.fromRunnable(bodies::incrementAndGet)).subscribe();
            RaceTestUtils.race(lock::release, waiting::dispose);
            assertThat(lock.locked())
                    .as(
                            "round %d: lock free after release raced the cancel of withLock (%d bodies ran so far)",
                            i, bodies.get())
                    .isFalse();
        }
    }

    private void runIncrements(UnaryOperator<Mono<Object>> hop) {
        AsyncLock lock = new AsyncLock();
        int perThread = Stress.times(ITERATIONS);
        int total = THREADS * perThread;
        CountDownLatch done = new CountDownLatch(total);
        AtomicReference<Throwable> error = new AtomicReference<>();
        // Every thread subscribes all its bodies without waiting: they queue up on the lock and are
        // run by whichever thread releases, while the other threads keep subscribing.
        Stress.inThreads("locker", THREADS, t -> {
            for (int i = 0; i < perThread; i++) {
                lock.withLock(hop.apply(Mono.fromRunnable(() -> counter++)))
                        .subscribe(null, error::set, done::countDown);
            }
        });
        Stress.await(done, "every withLock body to run", () -> "counter=" + counter + ", " + lock + ", error=" + error);
        assertThat(error.get()).isNull();
        assertThat(counter).isEqualTo(total);
        assertThat(lock.locked()).isFalse();
    }
}
