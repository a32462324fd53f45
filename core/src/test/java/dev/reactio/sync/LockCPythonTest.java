package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.DEEP;
import static dev.reactio.sync.CPythonPorts.HANG_GUARD;
import static dev.reactio.sync.CPythonPorts.RACE_ROUNDS;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static dev.reactio.sync.CPythonPorts.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

// Ports CPython Lib/test/test_asyncio/test_locks.py LockTests: test_acquire, test_acquire_cancel, test_cancel_race,
// test_cancel_release_race, test_finished_waiter_cancelled, test_release_not_acquired, test_release_no_waiters,
// test_context_manager (as the lock contract, run against AsyncLock, AsyncSemaphore(1), AsyncBoundedSemaphore(1) and
// AsyncCondition).
class LockCPythonTest {

    private static final String GUARDS = "dev.reactio.sync.LockCPythonTest#guards";

    /** asyncio's lock protocol, which a lock, a one-permit semaphore and a condition all speak. */
    interface Guard {
        Mono<Void> acquire();

        void release();

        boolean locked();

        /** {@code async with lock:}: {@code withLock} or {@code withPermit}. */
        <T> Mono<T> with(Mono<T> body);
    }

    static Stream<Named<Supplier<Guard>>> guards() {
        return Stream.of(
                Named.of("AsyncLock", () -> lock(new AsyncLock())),
                Named.of("AsyncSemaphore(1)", () -> semaphore(new AsyncSemaphore(1))),
                Named.of("AsyncBoundedSemaphore(1)", () -> semaphore(new AsyncBoundedSemaphore(1))),
                Named.of("AsyncCondition", () -> condition(new AsyncCondition())));
    }

    private static Guard lock(AsyncLock lock) {
        return new Guard() {
            public Mono<Void> acquire() {
                return lock.acquire();
            }

            public void release() {
                lock.release();
            }

            public boolean locked() {
                return lock.locked();
            }

            public <T> Mono<T> with(Mono<T> body) {
                return lock.withLock(body);
            }
        };
    }

    private static Guard semaphore(AsyncSemaphore semaphore) {
        return new Guard() {
            public Mono<Void> acquire() {
                return semaphore.acquire();
            }

            public void release() {
                semaphore.release();
            }

            public boolean locked() {
                return semaphore.locked();
            }

            public <T> Mono<T> with(Mono<T> body) {
                return semaphore.withPermit(body);
            }
        };
    }

    private static Guard condition(AsyncCondition condition) {
        return new Guard() {
            public Mono<Void> acquire() {
                return condition.acquire();
            }

            public void release() {
                condition.release();
            }

            public boolean locked() {
                return condition.locked();
            }

            public <T> Mono<T> with(Mono<T> body) {
                return condition.withLock(body);
            }
        };
    }

    @Nested
    class Acquire {

        // test_acquire
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void waitersGetTheLockOneAtATimeInTheOrderTheyAsked(Supplier<Guard> factory) {
            Guard lock = factory.get();
            List<Integer> result = new CopyOnWriteArrayList<>();
            now(lock.acquire());

            Task<Void> t1 = pending(lock.acquire().doOnSuccess(v -> result.add(1)));
            Task<Void> t2 = pending(lock.acquire().doOnSuccess(v -> result.add(2)));
            assertThat(result).isEmpty();

            lock.release();
            assertThat(result).containsExactly(1);

            Task<Void> t3 = pending(lock.acquire().doOnSuccess(v -> result.add(3)));
            lock.release();
            assertThat(result).containsExactly(1, 2);

            lock.release();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1, t2, t3)).allMatch(Task::done);
            assertThat(lock.locked()).isTrue();
        }

        // test_release_no_waiters
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void releaseWithoutWaitersUnlocks(Supplier<Guard> factory) {
            Guard lock = factory.get();
            now(lock.acquire());
            assertThat(lock.locked()).isTrue();

            lock.release();

            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aSecondAcquireWaitsEvenFromTheSameCaller(Supplier<Guard> factory) {
            Guard lock = factory.get();
            now(lock.acquire());

            Task<Void> again = pending(lock.acquire());
            lock.release();

            assertThat(again.done()).isTrue();
            assertThat(lock.locked()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void acquireAndWithDoNothingUntilSubscribed(Supplier<Guard> factory) {
            Guard lock = factory.get();
            PublisherProbe<Void> body = PublisherProbe.empty();

            lock.acquire();
            lock.with(body.mono());

            assertThat(lock.locked()).isFalse();
            body.assertWasNotSubscribed();
        }
    }

    @Nested
    class Cancellation {

        // test_acquire_cancel
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aWaiterCancelledBeforeBeingServedTakesNothing(Supplier<Guard> factory) {
            Guard lock = factory.get();
            now(lock.acquire());
            Task<Void> task = pending(lock.acquire());

            assertThat(task.cancel()).isTrue();
            lock.release();

            assertThatThrownBy(task::result).isInstanceOf(CancellationException.class);
            assertThat(lock.locked()).isFalse();
            now(lock.acquire());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aDisposedAcquireSubscriptionTakesNothing(Supplier<Guard> factory) {
            Guard lock = factory.get();
            now(lock.acquire());
            AtomicBoolean served = new AtomicBoolean();
            Disposable waiter = lock.acquire().subscribe(v -> {}, e -> {}, () -> served.set(true));

            waiter.dispose();
            lock.release();

            assertThat(served).isFalse();
            assertThat(lock.locked()).isFalse();
        }

        // test_cancel_race: B is cancelled while A releases; C must get the lock.
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void releaseSkipsAWaiterCancelledAtTheSameTime(Supplier<Guard> factory) {
            Guard lock = factory.get();
            Sinks.Empty<Void> fa = Sinks.empty();
            Task<Void> ta = Aio.createTask(lockit(lock, fa.asMono()));
            assertThat(lock.locked()).isTrue();
            Task<Void> tb = pending(lockit(lock, Mono.empty()));
            Task<Void> tc = pending(lockit(lock, Mono.empty()));

            assertThat(tb.cancel()).isTrue();
            fa.tryEmitEmpty();

            assertThat(lock.locked()).isFalse();
            assertThat(ta.done()).isTrue();
            assertThat(tb.cancelled()).isTrue();
            assertThat(tc.done()).isTrue();
            assertThat(tc.exception()).isNull();
        }

        /** CPython's {@code lockit}: acquire, await {@code blocker}, release in a {@code finally}. */
        private Mono<Void> lockit(Guard lock, Mono<Void> blocker) {
            return lock.acquire().then(Mono.defer(() -> blocker.doFinally(signal -> lock.release())));
        }

        // test_cancel_release_race (bpo-32734): cancel the first waiter, release; exactly one waiter gets the lock.
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void cancellingTheFirstWaiterThenReleasingGivesTheLockToExactlyOneOtherWaiter(Supplier<Guard> factory) {
            Guard lock = factory.get();
            AtomicInteger lockCount = new AtomicInteger();
            AtomicInteger callCount = new AtomicInteger();
            Mono<Void> lockit = Mono.defer(() -> {
                callCount.incrementAndGet();
                return lock.acquire().doOnSuccess(v -> lockCount.incrementAndGet());
            });
            now(lock.acquire());
            Task<Void> t1 = pending(lockit);
            Task<Void> t2 = pending(lockit);
            Task<Void> t3 = pending(lockit);

            t1.cancel();
            lock.release();

            assertThat(lockCount).hasValue(1);
            assertThat(callCount).hasValue(3);
            assertThat(t1.cancelled()).isTrue();
            assertThat(t2.done()).isTrue();
            assertThat(t3.done()).isFalse();

            t3.cancel();
            assertThat(t3.cancelled()).isTrue();
            assertThat(lock.locked()).isTrue(); // t2 still holds it
        }

        // test_finished_waiter_cancelled
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void releaseAfterTheFirstWaiterWasCancelledWakesTheSecond(Supplier<Guard> factory) {
            Guard lock = factory.get();
            now(lock.acquire());
            Task<Void> tb = pending(lock.acquire());
            Task<Void> tc = pending(lock.acquire());

            tb.cancel();
            lock.release();

            assertThat(lock.locked()).isTrue();
            assertThat(tb.cancelled()).isTrue();
            assertThat(tc.done()).isTrue();
        }

        // test_cancel_release_race, triggered from inside a hand-off (the drain loop is already running).
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aWaiterThatCancelsTheNextOneAndReleasesHandsTheLockToTheOneAfter(Supplier<Guard> factory) {
            Guard lock = factory.get();
            AtomicReference<Task<Void>> second = new AtomicReference<>();
            now(lock.acquire());
            Task<Void> first = pending(lock.acquire().doOnSuccess(v -> {
                second.get().cancel();
                lock.release();
            }));
            second.set(pending(lock.acquire()));
            Task<Void> third = pending(lock.acquire());

            lock.release();

            assertThat(first.done()).isTrue();
            assertThat(second.get().cancelled()).isTrue();
            assertThat(third.done()).isTrue();
            assertThat(lock.locked()).isTrue(); // third holds it
        }

        // "cancelled right after being woken": the waiter's cancel races with the release that serves it.
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aWaiterCancelledWhileBeingServedPassesTheLockOn(Supplier<Guard> factory) {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                Guard lock = factory.get();
                now(lock.acquire());
                // Waiters are tasks, as in asyncio. (A raw subscribe(...).dispose() can drop a
                // grant that races it: Reactor's LambdaMonoSubscriber marks itself disposed
                // before it cancels upstream; see AsyncLock's Javadoc.)
                Task<Void> first = pending(lock.acquire());
                Task<Void> second = pending(lock.acquire());

                race(round, lock::release, first::cancel);

                AtomicBoolean firstGotIt = new AtomicBoolean(first.done() && !first.cancelled());
                assertThat(second.done())
                        .as("round %d: the second waiter holds the lock exactly when the first does not", round)
                        .isNotEqualTo(firstGotIt.get());
                if (firstGotIt.get()) {
                    lock.release();
                }
                assertThat(second.done()).as("round %d: lock passed on", round).isTrue();
                lock.release();
                assertThat(lock.locked()).as("round %d: nothing leaked", round).isFalse();
            }
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void aWithBodyCancelledWhileBeingServedPassesTheLockOn(Supplier<Guard> factory) {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                Guard lock = factory.get();
                now(lock.acquire());
                Disposable first = lock.with(Mono.fromRunnable(() -> {})).subscribe(v -> {}, e -> {});
                Task<Void> second = pending(lock.acquire());

                race(round, lock::release, first::dispose);

                assertThat(second.done()).as("round %d: lock passed on", round).isTrue();
                lock.release();
                assertThat(lock.locked()).as("round %d: nothing leaked", round).isFalse();
            }
        }
    }

    @Nested
    class With {

        // test_context_manager
        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void holdsTheLockWhileTheBodyRunsAndReleasesItAfter(Supplier<Guard> factory) {
            Guard lock = factory.get();
            assertThat(lock.locked()).isFalse();

            boolean lockedInside = now(lock.with(Mono.fromCallable(lock::locked)));

            assertThat(lockedInside).isTrue();
            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void releasesWhenTheBodyFails(Supplier<Guard> factory) {
            Guard lock = factory.get();

            lock.with(Mono.error(new IllegalArgumentException("boom")))
                    .as(StepVerifier::create)
                    .expectErrorMessage("boom")
                    .verify(HANG_GUARD);

            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void releasesWhenCancelledWhileTheBodyRuns(Supplier<Guard> factory) {
            Guard lock = factory.get();
            PublisherProbe<Void> body = PublisherProbe.of(Mono.never());
            Disposable d = lock.with(body.mono()).subscribe();
            body.assertWasSubscribed();
            assertThat(lock.locked()).isTrue();

            d.dispose();

            body.assertWasCancelled();
            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void startsTheBodyOnlyOnceTheLockIsHandedOver(Supplier<Guard> factory) {
            Guard lock = factory.get();
            PublisherProbe<Integer> body = PublisherProbe.of(Mono.just(42));
            now(lock.acquire());

            Task<Integer> task = pending(lock.with(body.mono()));
            body.assertWasNotSubscribed();
            lock.release();

            assertThat(task.result()).isEqualTo(42);
            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void cancelledWhileWaitingNeverRunsItsBodyAndTakesNothing(Supplier<Guard> factory) {
            Guard lock = factory.get();
            PublisherProbe<Void> body = PublisherProbe.empty();
            now(lock.acquire());
            Disposable d = lock.with(body.mono()).subscribe();

            d.dispose();
            lock.release();

            body.assertWasNotSubscribed();
            assertThat(lock.locked()).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(GUARDS)
        void oneHundredThousandQueuedBodiesThatFinishAtOnceDoNotOverflowTheStack(Supplier<Guard> factory) {
            Guard lock = factory.get();
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<Throwable> error = new AtomicReference<>();
            now(lock.acquire());
            for (int i = 0; i < DEEP; i++) {
                lock.with(Mono.fromRunnable(ran::incrementAndGet)).subscribe(v -> {}, error::set);
            }

            lock.release();

            assertThat(error.get()).isNull();
            assertThat(ran).hasValue(DEEP);
            assertThat(lock.locked()).isFalse();
        }
    }

    @Nested
    class AsyncLockOnly {

        // test_release_not_acquired
        @Test
        void releasingAnUnlockedLockIsAnIllegalStateNamingTheProblem() {
            AsyncLock lock = new AsyncLock();

            assertThatThrownBy(lock::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageFindingMatch("(?i)(not\\s+(acquired|locked|held)|unlocked)");
            assertThat(lock.locked()).isFalse();
        }

        @Test
        void aSecondReleaseFailsAndLeavesTheLockUsable() {
            AsyncLock lock = new AsyncLock();
            now(lock.acquire());
            lock.release();

            assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);

            assertThat(lock.locked()).isFalse();
            now(lock.acquire());
            assertThat(lock.locked()).isTrue();
        }

        @Test
        void isNotOwnerCheckedSoAnyoneMayRelease() {
            AsyncLock lock = new AsyncLock();
            Task<Void> holder = Aio.createTask(lock.acquire());
            assertThat(holder.done()).isTrue();

            lock.release(); // asyncio: Lock.release() does not check the owner

            assertThat(lock.locked()).isFalse();
        }
    }
}
