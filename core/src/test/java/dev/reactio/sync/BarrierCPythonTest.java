package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.HANG_GUARD;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

// Ports CPython Lib/test/test_asyncio/test_locks.py BarrierTests: test_barrier_parties, test_context_manager,
// test_filling_one_task, test_filling_one_task_twice, test_filling_task_by_task, test_filling_tasks_wait_twice,
// test_filling_tasks_check_return_value, test_blocking_tasks_while_draining, test_filling_tasks_cancel_one,
// test_reset_barrier, test_reset_barrier_while_tasks_waiting, test_reset_barrier_while_tasks_waiting_and_waiting_again,
// test_abort_barrier, test_abort_barrier_when_tasks_half_draining_half_blocking (adapted),
// test_abort_barrier_when_exception, test_abort_barrier_when_exception_then_resetting.
class BarrierCPythonTest {

    private static final int N = 5;

    /** CPython's {@code gather_tasks(n, coro)}: runs {@code n} copies of {@code coro} together and waits for all. */
    private static <T> List<T> gatherTasks(int n, Supplier<Mono<T>> coro) {
        List<Mono<T>> copies =
                IntStream.range(0, n).mapToObj(i -> Mono.defer(coro)).collect(Collectors.toList());
        AtomicReference<List<T>> results = new AtomicReference<>();
        Aio.<T>gather(copies)
                .as(StepVerifier::create)
                .consumeNextWith(results::set)
                .expectComplete()
                .verify(HANG_GUARD);
        return results.get();
    }

    private static List<Integer> upTo(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    /** {@code except BrokenBarrierError: results.append(True)}. */
    private static Mono<Void> recordingBroken(Mono<?> wait, List<Boolean> results) {
        return wait.then().onErrorResume(BrokenBarrierException.class, e -> {
            results.add(true);
            return Mono.empty();
        });
    }

    @Nested
    class Construction {

        // test_barrier_parties
        @Test
        void partiesBelowOneAreAnIllegalArgumentNamingTheParties() {
            assertThatThrownBy(() -> new AsyncBarrier(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch("(?i)part(y|ies)");
            assertThatThrownBy(() -> new AsyncBarrier(-4)).isInstanceOf(IllegalArgumentException.class);

            AsyncBarrier barrier = new AsyncBarrier(N);
            assertThat(barrier.parties()).isEqualTo(N);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }
    }

    @Nested
    class Filling {

        // test_context_manager
        @Test
        void everyPartyGetsADistinctIndexFromZeroToPartiesMinusOne() {
            AsyncBarrier barrier = new AsyncBarrier(3);
            List<Integer> results = new CopyOnWriteArrayList<>();

            gatherTasks(3, () -> barrier.await().doOnNext(results::add));

            assertThat(results).containsExactlyInAnyOrderElementsOf(upTo(3));
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        @Test
        void theIndexIsTheArrivalOrder() {
            AsyncBarrier barrier = new AsyncBarrier(3);

            Task<Integer> first = pending(barrier.await());
            Task<Integer> second = pending(barrier.await());
            Task<Integer> third = Aio.createTask(barrier.await());

            assertThat(List.of(first.result(), second.result(), third.result())).containsExactly(0, 1, 2);
        }

        // test_filling_one_task
        @Test
        void aOnePartyBarrierPassesAtOnce() {
            AsyncBarrier barrier = new AsyncBarrier(1);

            assertThat(now(barrier.await())).isZero();

            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        // test_filling_one_task_twice
        @Test
        void aOnePartyBarrierPassesEveryTimeWithIndexZero() {
            AsyncBarrier barrier = new AsyncBarrier(1);

            assertThat(now(barrier.await())).isZero();
            assertThat(now(barrier.await())).isZero();

            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        // test_filling_task_by_task
        @Test
        void waitingCountsThePartiesUntilTheLastOneArrives() {
            AsyncBarrier barrier = new AsyncBarrier(3);

            Task<Integer> t1 = pending(barrier.await());
            assertThat(barrier.waiting()).isEqualTo(1);
            Task<Integer> t2 = pending(barrier.await());
            assertThat(barrier.waiting()).isEqualTo(2);
            Task<Integer> t3 = Aio.createTask(barrier.await());

            assertThat(List.of(t1, t2, t3)).allMatch(Task::done);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        // test_filling_tasks_wait_twice
        @Test
        void theBarrierCanBePassedAgainByTheSameParties() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            List<Boolean> results = new CopyOnWriteArrayList<>();

            gatherTasks(
                    N,
                    () -> barrier.await()
                            .doOnNext(i -> results.add(true))
                            .then(Mono.defer(barrier::await))
                            .doOnNext(i -> results.add(false)));

            assertThat(results).hasSize(2 * N);
            assertThat(Collections.frequency(results, true)).isEqualTo(N);
            assertThat(Collections.frequency(results, false)).isEqualTo(N);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        // test_filling_tasks_check_return_value
        @Test
        void theSecondPassGivesEachPartyAnIndexAgain() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();

            List<Integer> res = gatherTasks(
                    N,
                    () -> barrier.await()
                            .doOnNext(i -> results1.add(true))
                            .then(Mono.defer(barrier::await))
                            .doOnNext(i -> results2.add(true)));

            assertThat(results1).hasSize(N);
            assertThat(results2).hasSize(N);
            assertThat(res).containsExactlyInAnyOrderElementsOf(upTo(N));
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        // test_blocking_tasks_while_draining
        @Test
        void partiesThatWaitAgainRightAwayCountTowardsTheNextRound() {
            int rewait = 2;
            AsyncBarrier barrier = new AsyncBarrier(N);
            AsyncBarrier barrierNoWaiting = new AsyncBarrier(N - rewait);
            AtomicInteger rewaitN = new AtomicInteger(rewait);

            List<Integer> res = gatherTasks(
                    N,
                    () -> barrier.await()
                            .then(Mono.defer(() -> rewaitN.getAndDecrement() > 0
                                    ? barrier.await()
                                    : barrierNoWaiting.await().then(Mono.defer(barrier::await)))));

            assertThat(res).containsExactlyInAnyOrderElementsOf(upTo(N));
            assertThat(barrier.waiting()).isZero();
            assertThat(barrierNoWaiting.waiting()).isZero();
        }

        // test_filling_tasks_cancel_one
        @Test
        void aCancelledPartyNoLongerCounts() {
            AsyncBarrier barrier = new AsyncBarrier(3);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            Supplier<Mono<Integer>> coro = () -> barrier.await().doOnNext(i -> results.add(true));

            Task<Integer> t1 = pending(coro.get());
            assertThat(barrier.waiting()).isEqualTo(1);
            Task<Integer> t2 = pending(coro.get());
            assertThat(barrier.waiting()).isEqualTo(2);

            t1.cancel();
            assertThat(barrier.waiting()).isEqualTo(1);
            assertThat(t1.cancelled()).isTrue();

            Task<Integer> t3 = pending(coro.get());
            assertThat(barrier.waiting()).isEqualTo(2);
            Task<Integer> t4 = Aio.createTask(coro.get());

            assertThat(List.of(t2, t3, t4))
                    .allSatisfy(t -> assertThat(t.exception()).isNull());
            assertThat(results).hasSize(3);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }
    }

    @Nested
    class Reset {

        // test_reset_barrier
        @Test
        void resettingAnIdleBarrierLeavesItUsable() {
            AsyncBarrier barrier = new AsyncBarrier(1);

            now(barrier.reset());

            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
            assertThat(now(barrier.await())).isZero();
        }

        // test_reset_barrier_while_tasks_waiting
        @Test
        void resetFailsEveryWaitingPartyWithBrokenBarrierAndDoesNotBreakTheBarrier() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            List<Boolean> results = new CopyOnWriteArrayList<>();
            List<Task<Void>> tasks = IntStream.range(0, N - 1)
                    .mapToObj(i -> pending(recordingBroken(barrier.await(), results)))
                    .collect(Collectors.toList());

            now(barrier.reset());

            assertThat(tasks).allSatisfy(t -> assertThat(t.exception()).isNull());
            assertThat(results).hasSize(N - 1);
            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isFalse();
        }

        @Test
        void aWaiterOfAResetBarrierGetsBrokenBarrierException() {
            AsyncBarrier barrier = new AsyncBarrier(2);
            Task<Integer> waiter = pending(barrier.await());

            now(barrier.reset());

            assertThat(waiter.exception()).isInstanceOf(BrokenBarrierException.class);
        }

        // test_reset_barrier_while_tasks_waiting_and_waiting_again
        @Test
        void partiesFailedByResetCanWaitAgainAndPassTogether() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            List<Task<Void>> tasks = IntStream.range(0, N - 1)
                    .mapToObj(i -> pending(recordingBroken(barrier.await(), results1)
                            .then(Mono.defer(barrier::await))
                            .doOnNext(k -> results2.add(true))
                            .then()))
                    .collect(Collectors.toList());

            now(barrier.reset());
            Task<Void> last = Aio.createTask(
                    barrier.await().doOnNext(k -> results2.add(true)).then());

            assertThat(last.done()).isTrue();
            assertThat(tasks).allSatisfy(t -> assertThat(t.exception()).isNull());
            assertThat(barrier.broken()).isFalse();
            assertThat(results1).hasSize(N - 1);
            assertThat(results2).hasSize(N);
            assertThat(barrier.waiting()).isZero();
        }
    }

    @Nested
    class Abort {

        // test_abort_barrier
        @Test
        void abortBreaksTheBarrier() {
            AsyncBarrier barrier = new AsyncBarrier(1);

            now(barrier.abort());

            assertThat(barrier.waiting()).isZero();
            assertThat(barrier.broken()).isTrue();
        }

        // test_abort_barrier_when_tasks_half_draining_half_blocking, adapted: Reactor wakes a full barrier at once, so
        // no party is left draining.
        @Test
        void abortFailsWaitingPartiesAndEveryLaterArrivalWithBrokenBarrier() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            Task<Integer> t1 = pending(barrier.await());
            Task<Integer> t2 = pending(barrier.await());

            now(barrier.abort());

            assertThat(t1.exception()).isInstanceOf(BrokenBarrierException.class);
            assertThat(t2.exception()).isInstanceOf(BrokenBarrierException.class);
            barrier.await()
                    .as(StepVerifier::create)
                    .expectError(BrokenBarrierException.class)
                    .verify(HANG_GUARD);
            assertThat(barrier.broken()).isTrue();
            assertThat(barrier.waiting()).isZero();
        }

        // test_abort_barrier_when_exception
        @Test
        void aPartyThatFailsAndAbortsBreaksTheBarrierForAllOthers() {
            AsyncBarrier barrier = new AsyncBarrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();

            gatherTasks(N, () -> failOrWaitAgain(barrier, results1, results2));

            assertThat(barrier.broken()).isTrue();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(barrier.waiting()).isZero();
        }

        // test_abort_barrier_when_exception_then_resetting
        @Test
        void anAbortedBarrierIsUsableAgainAfterReset() {
            AsyncBarrier barrier1 = new AsyncBarrier(N);
            AsyncBarrier barrier2 = new AsyncBarrier(N);
            List<Boolean> results1 = new CopyOnWriteArrayList<>();
            List<Boolean> results2 = new CopyOnWriteArrayList<>();
            List<Boolean> results3 = new CopyOnWriteArrayList<>();

            gatherTasks(
                    N,
                    () -> failOrWaitAgain(barrier1, results1, results2)
                            .then(Mono.defer(barrier2::await))
                            .flatMap(i -> i == N / 2 ? barrier1.reset() : Mono.<Void>empty())
                            .then(Mono.defer(barrier2::await))
                            .then(Mono.defer(barrier1::await))
                            .doOnNext(i -> results3.add(true)));

            assertThat(barrier1.broken()).isFalse();
            assertThat(results1).isEmpty();
            assertThat(results2).hasSize(N - 1);
            assertThat(results3).hasSize(N);
            assertThat(barrier1.waiting()).isZero();
        }

        /**
         * CPython's coroutine of the abort tests: the party with index {@code N / 2} fails and
         * aborts; the others wait again and record the {@code BrokenBarrierError} they get.
         */
        private Mono<Void> failOrWaitAgain(AsyncBarrier barrier, List<Boolean> results1, List<Boolean> results2) {
            return barrier.await()
                    .flatMap(i -> i == N / 2
                            ? Mono.<Integer>error(new IllegalStateException("party " + i + " failed"))
                            : Mono.defer(barrier::await).doOnNext(k -> results1.add(true)))
                    .then()
                    .onErrorResume(BrokenBarrierException.class, e -> {
                        results2.add(true);
                        return Mono.empty();
                    })
                    .onErrorResume(IllegalStateException.class, e -> barrier.abort());
        }
    }
}
