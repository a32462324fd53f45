package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.HANG_GUARD;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

// Ports CPython Lib/test/test_asyncio/test_locks.py SemaphoreTests: test_initial_value_zero, test_semaphore_value,
// test_acquire, test_acquire_cancel, test_acquire_cancel_before_awoken, test_acquire_hang, test_acquire_no_hang,
// test_release_not_acquired, test_release_no_waiters, test_acquire_fifo_order, test_acquire_fifo_order_2,
// test_acquire_fifo_order_3, test_acquire_fifo_order_4 (the one-permit lock contract runs in LockCPythonTest).
class SemaphoreCPythonTest {

    @Nested
    class Construction {

        // test_initial_value_zero
        @Test
        void zeroPermitsStartsLocked() {
            AsyncSemaphore sem = new AsyncSemaphore(0);

            assertThat(sem.locked()).isTrue();
            assertThat(sem.availablePermits()).isZero();
        }

        // test_semaphore_value
        @Test
        void negativePermitsAreAnIllegalArgumentNamingThePermits() {
            assertThatThrownBy(() -> new AsyncSemaphore(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch("(?i)permit");
            assertThatThrownBy(() -> new AsyncBoundedSemaphore(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch("(?i)permit");
        }
    }

    @Nested
    class Acquire {

        // test_acquire
        @Test
        void acquirersBeyondThePermitsWaitAndAreServedInOrder() {
            AsyncSemaphore sem = new AsyncSemaphore(3);
            List<Integer> result = new CopyOnWriteArrayList<>();
            now(sem.acquire());
            now(sem.acquire());
            assertThat(sem.locked()).isFalse();

            Task<Boolean> t1 = Aio.createTask(record(sem.acquire(), result, 1));
            Task<Boolean> t2 = pending(record(sem.acquire(), result, 2));
            Task<Boolean> t3 = pending(record(sem.acquire(), result, 3));
            assertThat(result).containsExactly(1);
            assertThat(sem.locked()).isTrue();
            assertThat(sem.availablePermits()).isZero();

            Task<Boolean> t4 = pending(record(sem.acquire(), result, 4));
            sem.release();
            sem.release();

            assertThat(sem.availablePermits()).isZero();
            assertThat(result).containsExactly(1, 2, 3);
            assertThat(sem.locked()).isTrue();
            assertThat(List.of(t1, t2, t3))
                    .allSatisfy(t -> assertThat(t.result()).isTrue());
            assertThat(t4.done()).isFalse();

            sem.release();
            assertThat(t4.result()).isTrue();
        }

        // test_release_no_waiters
        @Test
        void releaseWithoutWaitersGivesThePermitBack() {
            AsyncSemaphore sem = new AsyncSemaphore(2);
            now(sem.acquire());
            now(sem.acquire());
            assertThat(sem.locked()).isTrue();

            sem.release();

            assertThat(sem.locked()).isFalse();
            assertThat(sem.availablePermits()).isEqualTo(1);
        }

        @Test
        void aPlainSemaphoreMayBeReleasedAboveItsInitialPermits() {
            AsyncSemaphore sem = new AsyncSemaphore(1);

            sem.release();

            assertThat(sem.availablePermits()).isEqualTo(2);
            now(sem.acquire());
            now(sem.acquire());
            assertThat(sem.locked()).isTrue();
        }

        // test_acquire_fifo_order_4, adapted: Reactor hands each released permit over during release().
        @Test
        void releasesBeyondTheWaitersBecomePermitsForLaterAcquirers() {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = pending(record(sem.acquire(), result, 1));

            Task<Boolean> t2 = Aio.createTask(Mono.fromRunnable(() -> {
                        sem.release();
                        sem.release();
                        sem.release();
                    })
                    .then(record(Mono.defer(sem::acquire), result, 2)));
            Task<Boolean> t3 = Aio.createTask(record(sem.acquire(), result, 3));

            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1, t2, t3))
                    .allSatisfy(t -> assertThat(t.result()).isTrue());
            assertThat(sem.locked()).isTrue();
            pending(sem.acquire());
        }
    }

    @Nested
    class Fairness {

        // test_acquire_fifo_order
        @Test
        void tasksThatReleaseAndAcquireAgainQueueBehindTheOthers() {
            List<String> result = new CopyOnWriteArrayList<>();

            StepVerifier.withVirtualTime(() -> {
                        AsyncSemaphore sem = new AsyncSemaphore(1);
                        return Aio.gather(coro(sem, result, "c1"), coro(sem, result, "c2"), coro(sem, result, "c3"));
                    })
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(60))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(result).containsExactly("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2");
        }

        /** CPython's {@code coro(tag)}: twice acquire, record, sleep 10 ms, release. */
        private Mono<Void> coro(AsyncSemaphore sem, List<String> result, String tag) {
            return Mono.defer(sem::acquire)
                    .then(Mono.fromRunnable(() -> result.add(tag + "_1")))
                    .then(Aio.sleep(Duration.ofMillis(10)))
                    .then(Mono.fromRunnable(sem::release))
                    .then(Mono.defer(sem::acquire))
                    .then(Mono.fromRunnable(() -> result.add(tag + "_2")))
                    .then(Aio.sleep(Duration.ofMillis(10)))
                    .then(Mono.fromRunnable(sem::release))
                    .then();
        }

        // test_acquire_fifo_order_2
        @Test
        void aReleaseFromAWokenWaiterGoesToTheNextWaiterNotBackToItself() {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = Aio.createTask(record(sem.acquire(), result, 1));
            Task<Boolean> t2 = pending(sem.acquire()
                    .doOnSuccess(v -> {
                        result.add(2);
                        sem.release();
                    })
                    .then(record(Mono.defer(sem::acquire), result, 4)));
            Task<Boolean> t3 = pending(record(sem.acquire(), result, 3));

            sem.release();
            sem.release();

            assertThat(result).containsExactly(1, 2, 3, 4);
            assertThat(List.of(t1, t2, t3))
                    .allSatisfy(t -> assertThat(t.result()).isTrue());
        }

        // test_acquire_fifo_order_3
        @Test
        void aCancelledWaiterIsSkippedAndTheRestAreServedInOrder() {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t1 = pending(record(sem.acquire(), result, 1));
            Task<Boolean> t2 = pending(record(sem.acquire(), result, 2));
            Task<Boolean> t3 = pending(record(sem.acquire(), result, 3));

            t1.cancel();
            sem.release();
            sem.release();

            assertThat(result).containsExactly(2, 3);
            assertThat(t1.cancelled()).isTrue();
            assertThat(List.of(t2, t3)).allSatisfy(t -> assertThat(t.result()).isTrue());
        }
    }

    @Nested
    class Cancellation {

        // test_acquire_cancel
        @Test
        void aCancelledAcquirerLeavesTheReleasedPermitAvailable() {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            now(sem.acquire());
            Task<Void> acquire = pending(sem.acquire());

            acquire.cancel();
            sem.release();

            assertThat(acquire.cancelled()).isTrue();
            assertThat(sem.availablePermits()).isEqualTo(1);
            assertThat(sem.locked()).isFalse();
        }

        // test_acquire_cancel_before_awoken
        @Test
        void waitersCancelledBeforeTheReleaseTakeNothingAndOnlyTheNextOneIsServed() {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            Task<Void> t1 = pending(sem.acquire());
            Task<Void> t2 = pending(sem.acquire());
            Task<Void> t3 = pending(sem.acquire());
            Task<Void> t4 = pending(sem.acquire());

            t1.cancel();
            t2.cancel();
            sem.release();

            assertThat(t3.done()).isTrue();
            assertThat(t3.exception()).isNull();
            assertThat(t4.done()).isFalse();
            assertThat(sem.availablePermits()).isZero();
            t4.cancel();
        }

        // test_acquire_hang
        @Test
        void releaseAfterACancelledWaiterServesTheNextOne() {
            AsyncSemaphore sem = new AsyncSemaphore(0);
            Task<Void> t1 = pending(sem.acquire());
            Task<Void> t2 = pending(sem.acquire());

            t1.cancel();
            sem.release();

            assertThat(sem.locked()).isTrue();
            assertThat(t2.done()).isTrue();
            assertThat(t2.exception()).isNull();
        }

        // test_acquire_no_hang, adapted: the second holder is cancelled inside withPermit, after it was handed the
        // permit.
        @Test
        void aHolderCancelledInsideWithPermitGivesThePermitBack() {
            AsyncSemaphore sem = new AsyncSemaphore(1);
            Sinks.Empty<Void> c1Body = Sinks.empty();
            PublisherProbe<Void> c2Body = PublisherProbe.of(Mono.never());
            AtomicReference<Task<Void>> t2 = new AtomicReference<>();
            Task<Void> t1 = Aio.createTask(sem.withPermit(c1Body.asMono())
                    .then(Mono.fromRunnable(() -> t2.get().cancel())));
            t2.set(pending(sem.withPermit(c2Body.mono())));

            c1Body.tryEmitEmpty();

            assertThat(t1.done()).isTrue();
            assertThat(t1.exception()).isNull();
            assertThat(t2.get().cancelled()).isTrue();
            c2Body.assertWasSubscribed();
            c2Body.assertWasCancelled();
            now(sem.acquire());
        }

        @Test
        void withPermitBodiesRunUpToThePermitsAndACancelledOneLetsTheNextIn() {
            AsyncSemaphore sem = new AsyncSemaphore(2);
            PublisherProbe<Void> third = PublisherProbe.empty();
            Disposable first = sem.withPermit(Mono.never()).subscribe();
            Disposable second = sem.withPermit(Mono.never()).subscribe();
            Task<Void> waiting = pending(sem.withPermit(third.mono()));
            third.assertWasNotSubscribed();

            first.dispose();

            assertThat(waiting.done()).isTrue();
            third.assertWasSubscribed();
            second.dispose();
            assertThat(sem.availablePermits()).isEqualTo(2);
        }
    }

    @Nested
    class Bounded {

        // test_release_not_acquired
        @Test
        void releasingAnUnacquiredBoundedSemaphoreIsAnIllegalState() {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(1);

            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);

            assertThat(sem.availablePermits()).isEqualTo(1);
        }

        @Test
        void overReleaseFailsWithTheDocumentedMessageAndChangesNothing() {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(3);

            assertThatThrownBy(sem::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("AsyncBoundedSemaphore released too many times (initial permits: 3)");

            assertThat(sem.availablePermits()).isEqualTo(3);
            assertThat(sem.locked()).isFalse();
        }

        @Test
        void overReleaseAfterAFullCycleFails() {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(2);
            now(sem.acquire());
            now(sem.acquire());
            sem.release();
            sem.release();

            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);

            assertThat(sem.availablePermits()).isEqualTo(2);
        }

        @Test
        void aReleaseHandedToAWaiterDoesNotCountAsOverRelease() {
            AsyncBoundedSemaphore sem = new AsyncBoundedSemaphore(1);
            now(sem.acquire());
            Task<Void> waiter = pending(sem.acquire());

            sem.release();
            assertThat(waiter.done()).isTrue();
            sem.release();

            assertThat(sem.availablePermits()).isEqualTo(1);
            assertThatThrownBy(sem::release).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void withPermitOnABoundedSemaphoreGivesThePermitBackWithoutOverRelease() {
            AsyncSemaphore sem = new AsyncBoundedSemaphore(2);

            now(sem.withPermit(Mono.empty()));

            assertThat(sem.availablePermits()).isEqualTo(2);
        }
    }

    /** CPython's {@code if await sem.acquire(): result.append(n); return True}. */
    private static Mono<Boolean> record(Mono<Void> acquire, List<Integer> result, int n) {
        return acquire.doOnSuccess(v -> result.add(n)).thenReturn(true);
    }
}
