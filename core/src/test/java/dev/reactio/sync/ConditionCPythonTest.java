package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.HANG_GUARD;
import static dev.reactio.sync.CPythonPorts.RACE_ROUNDS;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static dev.reactio.sync.CPythonPorts.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

// Ports CPython Lib/test/test_asyncio/test_locks.py ConditionTests: test_wait, test_wait_cancel,
// test_wait_cancel_contested, test_wait_cancel_after_notify, test_wait_unacquired, test_wait_for,
// test_wait_for_unacquired, test_notify, test_notify_all, test_notify_unacquired, test_notify_all_unacquired,
// test_context_manager, test_explicit_lock, test_timeout_in_block, test_cancelled_error_wakeup,
// test_cancelled_error_re_aquire, test_cancelled_wakeup, test_cancelled_wakeup_relock.
class ConditionCPythonTest {

    /** CPython's c1..c3 of test_wait: acquire, wait, record, and keep the lock. */
    private static Mono<Boolean> waitAndRecord(AsyncCondition cond, List<Integer> result, int n) {
        return cond.acquire()
                .then(Mono.defer(cond::await))
                .doOnSuccess(v -> result.add(n))
                .thenReturn(true);
    }

    /** CPython's c1..c3 of test_notify: acquire, wait, record, release. */
    private static Mono<Boolean> waitRecordAndRelease(AsyncCondition cond, List<Integer> result, int n) {
        return cond.acquire()
                .then(Mono.defer(cond::await))
                .doOnSuccess(v -> {
                    result.add(n);
                    cond.release();
                })
                .thenReturn(true);
    }

    /**
     * CPython's {@code consumer} of test_cancelled_wakeup: under the lock, wait until
     * {@code state != 0}; stop if it is negative, else take one unit and wait again.
     */
    private static Mono<Void> consumer(AsyncCondition cond, AtomicInteger state) {
        Mono<Boolean> once = Mono.defer(() -> cond.awaitFor(() -> state.get() != 0))
                .then(Mono.fromCallable(() -> {
                    if (state.get() < 0) {
                        return true;
                    }
                    state.decrementAndGet();
                    return false;
                }));
        return cond.withLock(once.repeat().takeUntil(stop -> stop).then());
    }

    @Nested
    class Await {

        // test_wait
        @Test
        void signalledWaitersReacquireTheLockOneAtATimeInFifoOrder() {
            AsyncCondition cond = new AsyncCondition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = pending(waitAndRecord(cond, result, 1));
            Task<Boolean> t2 = pending(waitAndRecord(cond, result, 2));
            Task<Boolean> t3 = pending(waitAndRecord(cond, result, 3));
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isFalse();

            now(cond.acquire());
            cond.signal(1);
            assertThat(result).isEmpty();
            assertThat(cond.locked()).isTrue();

            cond.release();
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.signal(2);
            assertThat(result).containsExactly(1);
            assertThat(cond.locked()).isTrue();

            cond.release();
            assertThat(result).containsExactly(1, 2);
            assertThat(cond.locked()).isTrue();

            cond.release();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(cond.locked()).isTrue();
            assertThat(List.of(t1, t2, t3))
                    .allSatisfy(t -> assertThat(t.result()).isTrue());
        }

        // test_wait_unacquired
        @Test
        void awaitWithoutHoldingTheLockFailsWithIllegalState() {
            AsyncCondition cond = new AsyncCondition();

            cond.await()
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageFindingMatch("(?i)lock"))
                    .verify(HANG_GUARD);
        }

        @Test
        void awaitChecksTheLockWhenSubscribedNotWhenCalled() {
            AsyncCondition cond = new AsyncCondition();
            Mono<Void> await = cond.await();

            now(cond.acquire());
            Task<Void> waiter = pending(await);

            assertThat(cond.locked()).isFalse(); // given up while waiting
            now(cond.acquire());
            cond.signal(1);
            cond.release();
            assertThat(waiter.done()).isTrue();
        }

        @Test
        void awaitReleasesAnExplicitLockWhileWaiting() {
            AsyncLock lock = new AsyncLock();
            AsyncCondition cond = new AsyncCondition(lock);
            now(lock.acquire());

            Task<Void> waiter = pending(cond.await());
            assertThat(lock.locked()).isFalse();

            now(lock.acquire());
            cond.signal(1);
            lock.release();

            assertThat(waiter.done()).isTrue();
            assertThat(lock.locked()).isTrue(); // re-acquired by the waiter
        }
    }

    @Nested
    class AwaitFor {

        // test_wait_for
        @Test
        void awaitForWaitsAgainUntilThePredicateHolds() {
            AsyncCondition cond = new AsyncCondition();
            AtomicBoolean presult = new AtomicBoolean();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t = pending(cond.acquire()
                    .then(Mono.defer(() -> cond.awaitFor(presult::get)))
                    .doOnSuccess(v -> {
                        result.add(1);
                        cond.release();
                    })
                    .thenReturn(true));
            assertThat(result).isEmpty();

            now(cond.acquire());
            cond.signal(1);
            cond.release();
            assertThat(result).isEmpty();

            presult.set(true);
            now(cond.acquire());
            cond.signal(1);
            cond.release();
            assertThat(result).containsExactly(1);
            assertThat(t.result()).isTrue();
            assertThat(cond.locked()).isFalse();
        }

        // test_wait_for_unacquired
        @Test
        void awaitForCompletesAtOnceWithoutTheLockWhenThePredicateAlreadyHolds() {
            AsyncCondition cond = new AsyncCondition();

            now(cond.awaitFor(() -> true));

            assertThat(cond.locked()).isFalse();
            cond.awaitFor(() -> false)
                    .as(StepVerifier::create)
                    .expectError(IllegalStateException.class)
                    .verify(HANG_GUARD);
        }

        @Test
        void awaitForKeepsTheLockWhenThePredicateAlreadyHolds() {
            AsyncCondition cond = new AsyncCondition();
            now(cond.acquire());

            now(cond.awaitFor(() -> true));

            assertThat(cond.locked()).isTrue();
        }
    }

    @Nested
    class Signal {

        // test_notify
        @Test
        void signalWakesAtMostNWaitersInFifoOrder() {
            AsyncCondition cond = new AsyncCondition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = pending(waitRecordAndRelease(cond, result, 1));
            Task<Boolean> t2 = pending(waitRecordAndRelease(cond, result, 2));
            Task<Boolean> t3 = pending(waitRecordAndRelease(cond, result, 3));
            assertThat(result).isEmpty();

            now(cond.acquire());
            cond.signal(1);
            cond.release();
            assertThat(result).containsExactly(1);

            now(cond.acquire());
            cond.signal(1);
            cond.signal(2048);
            cond.release();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1, t2, t3))
                    .allSatisfy(t -> assertThat(t.result()).isTrue());
            assertThat(cond.locked()).isFalse();
        }

        // test_notify_all
        @Test
        void signalAllWakesEveryWaiter() {
            AsyncCondition cond = new AsyncCondition();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = pending(waitRecordAndRelease(cond, result, 1));
            Task<Boolean> t2 = pending(waitRecordAndRelease(cond, result, 2));
            assertThat(result).isEmpty();

            now(cond.acquire());
            cond.signalAll();
            cond.release();

            assertThat(result).containsExactly(1, 2);
            assertThat(List.of(t1, t2)).allSatisfy(t -> assertThat(t.result()).isTrue());
        }

        // test_notify_unacquired
        @Test
        void signalWithoutHoldingTheLockIsAnIllegalState() {
            AsyncCondition cond = new AsyncCondition();

            assertThatThrownBy(() -> cond.signal(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageFindingMatch("(?i)lock");
        }

        // test_notify_all_unacquired
        @Test
        void signalAllWithoutHoldingTheLockIsAnIllegalState() {
            AsyncCondition cond = new AsyncCondition();

            assertThatThrownBy(cond::signalAll)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageFindingMatch("(?i)lock");
        }
    }

    @Nested
    class WithLock {

        // test_context_manager
        @Test
        void withLockHoldsTheLockForTheBody() {
            AsyncCondition cond = new AsyncCondition();
            assertThat(cond.locked()).isFalse();

            boolean lockedInside = now(cond.withLock(Mono.fromCallable(cond::locked)));

            assertThat(lockedInside).isTrue();
            assertThat(cond.locked()).isFalse();
        }

        // test_explicit_lock
        @Test
        void aConditionAndTheLockItWasGivenAreOneLock() {
            AsyncLock lock = new AsyncLock();
            AsyncCondition cond = new AsyncCondition(lock);
            assertThat(lock.locked()).isFalse();
            assertThat(cond.locked()).isFalse();

            boolean[] insideCond =
                    now(cond.withLock(Mono.fromCallable(() -> new boolean[] {lock.locked(), cond.locked()})));
            assertThat(insideCond).containsExactly(true, true);
            assertThat(lock.locked()).isFalse();
            assertThat(cond.locked()).isFalse();

            boolean[] insideLock =
                    now(lock.withLock(Mono.fromCallable(() -> new boolean[] {lock.locked(), cond.locked()})));
            assertThat(insideLock).containsExactly(true, true);
            assertThat(lock.locked()).isFalse();
            assertThat(cond.locked()).isFalse();
        }

        // test_timeout_in_block
        @Test
        void aTimedOutAwaitInsideWithLockEndsWithTheLockFree() {
            AsyncCondition cond = new AsyncCondition();

            StepVerifier.withVirtualTime(() -> cond.withLock(Aio.waitFor(cond.await(), Duration.ofMillis(500))))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(499))
                    .thenAwait(Duration.ofMillis(1))
                    .expectError(TimeoutException.class)
                    .verify(HANG_GUARD);

            assertThat(cond.locked()).isFalse();
        }
    }

    @Nested
    class Cancellation {

        // test_wait_cancel
        @Test
        void aCancelledAwaitStillReacquiresTheLock() {
            AsyncCondition cond = new AsyncCondition();
            now(cond.acquire());
            Task<Void> wait = pending(cond.await());
            assertThat(cond.locked()).isFalse();

            assertThat(wait.cancel()).isTrue();

            assertThatThrownBy(wait::result).isInstanceOf(CancellationException.class);
            assertThat(cond.locked()).isTrue();
        }

        // test_wait_cancel (its "no waiters left" check)
        @Test
        void aCancelledWaiterDoesNotSwallowALaterSignal() {
            AsyncCondition cond = new AsyncCondition();
            Task<Void> cancelled = pending(cond.withLock(Mono.defer(cond::await)));
            Task<Void> other = pending(cond.withLock(Mono.defer(cond::await)));

            cancelled.cancel();
            now(cond.acquire());
            cond.signal(1);
            cond.release();

            assertThat(cancelled.cancelled()).isTrue();
            assertThat(other.done()).isTrue();
            assertThat(other.exception()).isNull();
            assertThat(cond.locked()).isFalse();
        }

        // test_wait_cancel_contested
        @Test
        void anAwaitCancelledAfterItsSignalTakesTheLockBackOnceFree() {
            AsyncCondition cond = new AsyncCondition();
            now(cond.acquire());
            Task<Void> waitTask = pending(cond.await());
            assertThat(cond.locked()).isFalse();

            now(cond.acquire());
            cond.signal(1);
            waitTask.cancel();
            assertThat(cond.locked()).isTrue();
            cond.release();

            assertThat(waitTask.done()).isTrue();
            assertThat(cond.locked()).isTrue(); // re-acquired on behalf of the cancelled await
        }

        // test_wait_cancel_after_notify (bpo-32841), test_cancelled_error_re_aquire
        @Test
        void cancelledWhileReacquiringInsideWithLockEndsCancelledWithTheLockFree() {
            AsyncCondition cond = new AsyncCondition();
            AtomicBoolean waited = new AtomicBoolean();
            AtomicBoolean wake = new AtomicBoolean();
            Task<Void> waiter = pending(cond.withLock(Mono.defer(() -> {
                waited.set(true);
                return cond.awaitFor(wake::get);
            })));

            now(cond.acquire());
            wake.set(true);
            cond.signal(1);
            waiter.cancel();
            assertThat(cond.locked())
                    .as("the waiter's cleanup must not release our lock")
                    .isTrue();
            cond.release();

            assertThat(waiter.cancelled()).isTrue();
            assertThat(waited).isTrue();
            assertThat(cond.locked()).isFalse();
        }

        // test_cancelled_error_wakeup
        @Test
        void cancelledWhileWaitingForASignalInsideWithLockEndsCancelledWithTheLockFree() {
            AsyncCondition cond = new AsyncCondition();
            Task<Void> waiter = pending(cond.withLock(Mono.defer(() -> cond.awaitFor(() -> false))));
            assertThat(cond.locked()).isFalse();

            waiter.cancel();

            assertThat(waiter.cancelled()).isTrue();
            assertThat(cond.locked()).isFalse();
            now(cond.acquire());
        }

        @Test
        void cancelledWhileAnotherHoldsTheLockWithLockWaitsToReacquireBeforeReleasing() {
            AsyncCondition cond = new AsyncCondition();
            Task<Void> waiter = pending(cond.withLock(Mono.defer(cond::await)));
            now(cond.acquire());

            waiter.cancel();
            assertThat(cond.locked())
                    .as("the waiter's cleanup must not release our lock")
                    .isTrue();
            Task<Void> next = pending(cond.acquire());
            cond.release();

            assertThat(next.done()).isTrue();
            cond.release();
            assertThat(cond.locked()).isFalse();
        }

        // test_cancelled_wakeup: cancelled right after being signalled, the signal goes to the next waiter.
        @Test
        void aWaiterCancelledRightAfterItsSignalHandsTheSignalOn() {
            AsyncCondition cond = new AsyncCondition();
            AtomicInteger state = new AtomicInteger();
            Task<Void> c0 = pending(consumer(cond, state));
            Task<Void> c1 = pending(consumer(cond, state));

            now(cond.acquire());
            state.incrementAndGet();
            cond.signal(1);
            c0.cancel();
            cond.release();

            assertThat(state)
                    .as("the unit was consumed: the signal was not lost")
                    .hasValue(0);
            assertThat(c0.cancelled()).isTrue();

            now(cond.acquire());
            state.set(-1);
            cond.signalAll();
            cond.release();
            assertThat(c1.done()).isTrue();
            assertThat(c1.exception()).isNull();
            assertThat(cond.locked()).isFalse();
        }

        // test_cancelled_wakeup_relock, in CPython's shape: the notifier then waits, with a timeout, for the unit to be
        // consumed.
        @Test
        void aWaiterCancelledWhileReacquiringHandsTheSignalOnToTheNextWaiter() {
            AtomicInteger state = new AtomicInteger();
            AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
            AtomicReference<AsyncCondition> condition = new AtomicReference<>();
            AtomicReference<Task<Void>> c0 = new AtomicReference<>();
            AtomicReference<Task<Void>> c1 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> {
                        AsyncCondition cond = new AsyncCondition();
                        condition.set(cond);
                        c0.set(pending(consumer(cond, state)));
                        c1.set(pending(consumer(cond, state)));
                        return cond.withLock(Mono.defer(() -> {
                            state.incrementAndGet();
                            cond.signal(1);
                            c0.get().cancel();
                            return Aio.waitFor(cond.awaitFor(() -> state.get() == 0), Duration.ofMillis(10))
                                    .onErrorResume(TimeoutException.class, e -> Mono.empty())
                                    .then(Mono.fromRunnable(() -> {
                                        seen.set(state.get());
                                        state.set(-1);
                                        cond.signalAll();
                                    }));
                        }));
                    })
                    .thenAwait(Duration.ofMillis(10))
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(seen)
                    .as("the unit was consumed: the signal was not lost")
                    .hasValue(0);
            assertThat(c0.get().cancelled()).isTrue();
            assertThat(c1.get().done()).isTrue();
            assertThat(c1.get().exception()).isNull();
            assertThat(condition.get().locked()).isFalse();
        }

        @Test
        void aSignalRacingWithTheCancelOfItsWaiterIsNeverLost() {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                AsyncCondition cond = new AsyncCondition();
                Disposable first = cond.withLock(Mono.defer(cond::await)).subscribe(v -> {}, e -> {});
                Task<Void> second = pending(cond.withLock(Mono.defer(cond::await)));
                now(cond.acquire());

                race(round, () -> cond.signal(1), first::dispose);
                cond.release();

                assertThat(second.done())
                        .as("round %d: the signal reached the second waiter", round)
                        .isTrue();
                assertThat(cond.locked()).as("round %d: nothing leaked", round).isFalse();
            }
        }
    }
}
