package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.DEEP;
import static dev.reactio.sync.CPythonPorts.HANG_GUARD;
import static dev.reactio.sync.CPythonPorts.RACE_ROUNDS;
import static dev.reactio.sync.CPythonPorts.assertRejectsNull;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static dev.reactio.sync.CPythonPorts.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

// Ports CPython Lib/test/test_asyncio/test_queues.py: QueueBasicTests test_empty, test_full, test_order, test_maxsize;
// QueueGetTests test_blocking_get, test_get_with_putters, test_blocking_get_wait, test_nonblocking_get,
// test_nonblocking_get_exception, test_get_cancelled_race, test_get_with_waiting_putters, test_why_are_getters_waiting,
// test_cancelled_getters_not_being_held_in_self_getters; QueuePutTests test_blocking_put, test_blocking_put_wait,
// test_nonblocking_put, test_get_cancel_drop_one_pending_reader, test_get_cancel_drop_many_pending_readers,
// test_put_cancel_drop, test_nonblocking_put_exception, test_put_cancelled, test_put_cancelled_race,
// test_put_with_waiting_getters, test_why_are_putters_waiting, test_cancelled_puts_not_being_held_in_self_putters,
// test_cancelled_put_silence_value_error_exception; LifoQueueTests and PriorityQueueTests test_order;
// _QueueJoinTestMixin test_task_done_underflow, test_task_done, test_join_empty_queue; _QueueShutdownTestMixin (3.13)
// test_shutdown_empty, test_shutdown_nonempty, test_shutdown_immediate, test_shutdown_immediate_with_unfinished (as the
// queue contract, run against AsyncQueue, AsyncLifoQueue and AsyncPriorityQueue).
class QueueCPythonTest {

    private static final String QUEUES = "dev.reactio.sync.QueueCPythonTest#queues";

    /** A queue of each kind, by {@code maxsize}; the contract tests never depend on the order of two queued items. */
    static Stream<Named<IntFunction<AsyncQueue<Integer>>>> queues() {
        return Stream.of(
                Named.<IntFunction<AsyncQueue<Integer>>>of("AsyncQueue", AsyncQueue::new),
                Named.<IntFunction<AsyncQueue<Integer>>>of("AsyncLifoQueue", AsyncLifoQueue::new),
                Named.<IntFunction<AsyncQueue<Integer>>>of("AsyncPriorityQueue", AsyncPriorityQueue::new));
    }

    /** CPython's "Ensure put() and get() raise ShutDown". */
    private static void assertShutDown(AsyncQueue<Integer> q) {
        q.put(9)
                .as(StepVerifier::create)
                .expectError(QueueShutDownException.class)
                .verify(HANG_GUARD);
        assertThatThrownBy(() -> q.putNowait(9)).isInstanceOf(QueueShutDownException.class);
        q.get()
                .as(StepVerifier::create)
                .expectError(QueueShutDownException.class)
                .verify(HANG_GUARD);
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
    }

    @Nested
    class Basics {

        // test_empty
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void emptyTellsWhetherThereIsAnItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            assertThat(q.empty()).isTrue();

            now(q.put(1));
            assertThat(q.empty()).isFalse();
            assertThat(q.qsize()).isEqualTo(1);

            assertThat(now(q.get())).isEqualTo(1);
            assertThat(q.empty()).isTrue();
        }

        // test_full
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void fullTellsWhetherMaxsizeIsReached(IntFunction<AsyncQueue<Integer>> newQueue) {
            assertThat(newQueue.apply(0).full()).isFalse();

            AsyncQueue<Integer> q = newQueue.apply(1);
            now(q.put(1));

            assertThat(q.full()).isTrue();
            assertThat(q.maxsize()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aMaxsizeOfZeroOrLessIsUnbounded(IntFunction<AsyncQueue<Integer>> newQueue) {
            for (int maxsize : new int[] {0, -1}) {
                AsyncQueue<Integer> q = newQueue.apply(maxsize);
                for (int i = 0; i < 1_000; i++) {
                    q.putNowait(i);
                }
                assertThat(q.full()).as("maxsize %d", maxsize).isFalse();
                assertThat(q.qsize()).isEqualTo(1_000);
            }
        }

        // test_nonblocking_get, test_nonblocking_put
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void putNowaitAndGetNowaitMoveAnItemAtOnce(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            q.putNowait(1);

            assertThat(q.getNowait()).isEqualTo(1);
        }

        // test_nonblocking_get_exception
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void getNowaitOnAnEmptyQueueThrowsQueueEmpty(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
        }

        // test_nonblocking_put_exception
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void putNowaitOnAFullQueueThrowsQueueFullAndKeepsTheQueueAsItWas(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(1);

            assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFullException.class);

            assertThat(q.qsize()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void nullItemsAreRejected(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class);
            assertRejectsNull(() -> q.put(null));

            assertThat(q.empty()).isTrue();
        }
    }

    @Nested
    class Order {

        // QueueBasicTests.test_order
        @Test
        void aQueueIsFirstInFirstOut() {
            assertThat(putThenGet(new AsyncQueue<>(0), 1, 3, 2)).containsExactly(1, 3, 2);
        }

        // LifoQueueTests.test_order
        @Test
        void aLifoQueueIsLastInFirstOut() {
            assertThat(putThenGet(new AsyncLifoQueue<>(0), 1, 3, 2)).containsExactly(2, 3, 1);
        }

        // PriorityQueueTests.test_order
        @Test
        void aPriorityQueueGivesTheSmallestItemFirst() {
            assertThat(putThenGet(new AsyncPriorityQueue<>(0), 1, 3, 2)).containsExactly(1, 2, 3);
        }

        @Test
        void aPriorityQueueWithAComparatorGivesTheSmallestByThatComparator() {
            AsyncPriorityQueue<Integer> q = new AsyncPriorityQueue<>(0, Comparator.reverseOrder());

            assertThat(putThenGet(q, 1, 3, 2)).containsExactly(3, 2, 1);
        }

        @Test
        void theNoArgumentQueueIsUnbounded() {
            AsyncQueue<Integer> q = new AsyncQueue<>();

            assertThat(q.maxsize()).isZero();
            assertThat(q.full()).isFalse();
        }

        // test_maxsize
        @Test
        void aPutterBlocksAtMaxsizeAndResumesWhenAnItemIsTaken() {
            AsyncQueue<Integer> q = new AsyncQueue<>(2);
            assertThat(q.maxsize()).isEqualTo(2);
            List<Integer> haveBeenPut = new CopyOnWriteArrayList<>();

            Task<Boolean> t = pending(Flux.range(0, 3)
                    .concatMap(i -> q.put(i).doOnSuccess(v -> haveBeenPut.add(i)))
                    .then(Mono.just(true)));
            assertThat(haveBeenPut).containsExactly(0, 1);

            assertThat(now(q.get())).isEqualTo(0);
            assertThat(haveBeenPut).containsExactly(0, 1, 2);
            assertThat(now(q.get())).isEqualTo(1);
            assertThat(now(q.get())).isEqualTo(2);
            assertThat(t.result()).isTrue();
        }

        @Test
        void consumeHandsOutQueuedItemsInOrderOnlyAsTheyAreRequested() {
            AsyncQueue<Integer> q = new AsyncQueue<>();
            q.putNowait(1);
            q.putNowait(2);
            q.putNowait(3);

            StepVerifier.create(q.consume(), 0)
                    .expectSubscription()
                    .then(() -> assertThat(q.qsize())
                            .as("nothing taken without demand")
                            .isEqualTo(3))
                    .thenRequest(1)
                    .expectNext(1)
                    .then(() -> assertThat(q.qsize()).isEqualTo(2))
                    .thenRequest(2)
                    .expectNext(2, 3)
                    .then(() -> assertThat(q.qsize()).isZero())
                    .thenCancel()
                    .verify(HANG_GUARD);
        }

        private List<Integer> putThenGet(AsyncQueue<Integer> q, Integer... items) {
            for (Integer item : items) {
                now(q.put(item));
            }
            return IntStream.range(0, items.length).mapToObj(i -> now(q.get())).collect(Collectors.toList());
        }
    }

    @Nested
    class Get {

        // test_blocking_get
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void getTakesAQueuedItemAtOnce(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);

            assertThat(now(q.get())).isEqualTo(1);
        }

        // test_get_with_putters
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void getFromAFullQueueLetsAWaitingPutterIn(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            now(q.put(1));
            Task<Void> putter = pending(q.put(2));

            assertThat(now(q.get())).isEqualTo(1);

            assertThat(putter.done()).isTrue();
            assertThat(putter.exception()).isNull();
            assertThat(q.getNowait()).isEqualTo(2);
        }

        // test_blocking_get_wait
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void getWaitsForAnItemPutLater(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            StepVerifier.withVirtualTime(() -> {
                        Aio.createTask(Aio.sleep(Duration.ofMillis(10)).then(Mono.fromRunnable(() -> q.putNowait(1))));
                        return q.get();
                    })
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(9))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNext(1)
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        // test_get_cancelled_race
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void anItemPutAfterAGetterWasCancelledGoesToTheNextGetter(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> t1 = pending(q.get());
            Task<Integer> t2 = pending(q.get());

            t1.cancel();
            now(q.put(7));

            assertThat(t1.cancelled()).isTrue();
            assertThat(t2.result()).isEqualTo(7);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void waitingGettersAreServedInTheOrderTheyAsked(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> g1 = pending(q.get());
            Task<Integer> g2 = pending(q.get());
            Task<Integer> g3 = pending(q.get());

            q.putNowait(1);
            q.putNowait(2);
            q.putNowait(3);

            assertThat(List.of(g1.result(), g2.result(), g3.result())).containsExactly(1, 2, 3);
            assertThat(q.empty()).isTrue();
        }

        // test_get_with_waiting_putters
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void waitingPuttersGetTheirItemsInInTurn(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            Aio.createTask(q.put(1));
            Task<Void> second = pending(q.put(2));

            assertThat(now(q.get())).isEqualTo(1);
            assertThat(now(q.get())).isEqualTo(2);
            assertThat(second.done()).isTrue();
        }

        // test_why_are_getters_waiting
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aProducerAndAConsumerPassEveryItemThroughAOneSlotQueue(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);

            Task<Void> producer =
                    Aio.createTask(Flux.range(0, 5).concatMap(q::put).then());
            Task<List<Integer>> consumer =
                    Aio.createTask(Flux.range(0, 5).concatMap(i -> q.get()).collectList());

            assertThat(producer.done()).isTrue();
            assertThat(producer.exception()).isNull();
            assertThat(consumer.result()).containsExactly(0, 1, 2, 3, 4);
        }

        // test_cancelled_getters_not_being_held_in_self_getters
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aGetterThatTimedOutTakesNoLaterItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(5);

            StepVerifier.withVirtualTime(() -> Aio.waitFor(q.get(), Duration.ofMillis(100)))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(100))
                    .expectError(TimeoutException.class)
                    .verify(HANG_GUARD);
            q.putNowait(1);

            assertThat(q.qsize()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aDisposedGetTakesNothing(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            AtomicReference<Integer> got = new AtomicReference<>();
            Disposable getter = q.get().subscribe(got::set);

            getter.dispose();
            q.putNowait(5);

            assertThat(got.get()).isNull();
            assertThat(q.getNowait()).isEqualTo(5);
        }

        // "cancelled right after being woken": a getter's cancel races with the put that serves it.
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aGetCancelledWhileBeingServedNeverLosesTheItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                AsyncQueue<Integer> q = newQueue.apply(0);
                // The getter is a task, as in asyncio. (A raw subscribe(...).dispose() can drop an
                // item that races it: Reactor's LambdaMonoSubscriber marks itself disposed before
                // it cancels upstream, then drops the onNext; see AsyncQueue's Javadoc.)
                Task<Integer> getter = pending(q.get());

                race(round, () -> q.putNowait(42), getter::cancel);

                AtomicReference<Integer> got =
                        new AtomicReference<>(getter.done() && !getter.cancelled() ? getter.result() : null);

                assertThat(q.qsize())
                        .as(
                                "round %d: the item is in the queue exactly when the getter did not get it"
                                        + " (got %s, task %s)",
                                round, got.get(), getter)
                        .isEqualTo(got.get() == null ? 1 : 0);
            }
        }
    }

    @Nested
    class Put {

        // test_blocking_put
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void putIntoAnUnboundedQueueNeverWaits(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            now(q.put(1));

            assertThat(now(q.get())).isEqualTo(1);
        }

        // test_blocking_put_wait
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void putWaitsForRoomMadeLater(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            AtomicBoolean finished = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> {
                        Aio.createTask(Aio.sleep(Duration.ofMillis(10)).then(Mono.fromRunnable(q::getNowait)));
                        return q.put(1).then(Mono.defer(() -> q.put(2))).doOnSuccess(v -> finished.set(true));
                    })
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(9))
                    .then(() -> assertThat(finished).isFalse())
                    .thenAwait(Duration.ofMillis(1))
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(finished).isTrue();
            assertThat(q.getNowait()).isEqualTo(2);
        }

        // test_get_cancel_drop_one_pending_reader: the reader was served by the first put, so it keeps item 1.
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aWaitingReaderKeepsTheFirstItemAndACancelAfterwardsDropsNothing(
                IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> reader = pending(q.get());

            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();

            assertThat(reader.result()).as("if we get 2, 1 got dropped").isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(2);
        }

        // test_get_cancel_drop_many_pending_readers
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void cancellingOneOfManyReadersLosesNoItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> reader1 = pending(q.get());
            Task<Integer> reader2 = pending(q.get());
            Task<Integer> reader3 = pending(q.get());

            q.putNowait(1);
            q.putNowait(2);
            reader1.cancel();
            reader3.cancel();

            List<Integer> got = new ArrayList<>();
            for (Task<Integer> reader : List.of(reader1, reader2, reader3)) {
                if (!reader.cancelled()) {
                    got.add(reader.result());
                }
            }
            got.addAll(drain(q));
            assertThat(got).containsExactlyInAnyOrder(1, 2);
            assertThat(reader3.cancelled()).isTrue();
        }

        // test_put_cancel_drop
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aWriterLetInByGetNowaitHasPutItsItemBeforeALaterCancel(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(1);
            Task<Void> writer = pending(q.put(2));

            assertThat(q.getNowait()).isEqualTo(1);
            writer.cancel();

            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(q.qsize()).isZero();
        }

        // test_put_cancelled
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aFinishedPutHandsItsItemToGet(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Boolean> t = Aio.createTask(q.put(1).thenReturn(true));

            assertThat(now(q.get())).isEqualTo(1);
            assertThat(t.result()).isTrue();
        }

        // test_put_cancelled_race
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aCancelledWaitingPutterNeverInsertsItsItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            Task<Void> putA = Aio.createTask(q.put(1));
            Task<Void> putB = pending(q.put(2));
            Task<Void> putC = pending(q.put(99));
            assertThat(putA.done()).isTrue();

            putC.cancel();

            assertThat(putC.done()).isTrue();
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(putB.done()).isTrue();
            assertThat(q.empty()).isTrue();
        }

        // test_put_with_waiting_getters
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void putHandsTheItemToAWaitingGetter(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> t = pending(q.get());

            now(q.put(5));

            assertThat(t.result()).isEqualTo(5);
            assertThat(q.empty()).isTrue();
        }

        // test_why_are_putters_waiting
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void everyGetNowaitLetsOneWaitingPutterIn(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(2);
            List<Task<Void>> putters = IntStream.range(0, 4)
                    .mapToObj(i -> Aio.createTask(q.put(i)))
                    .collect(Collectors.toList());
            assertThat(putters.get(2).done()).isFalse();
            assertThat(putters.get(3).done()).isFalse();

            int num = q.qsize();
            for (int i = 0; i < num; i++) {
                q.getNowait();
            }

            assertThat(putters).allMatch(Task::done);
            assertThat(q.qsize()).isEqualTo(2);
        }

        // test_cancelled_puts_not_being_held_in_self_putters
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aPutterCancelledWhileWaitingTakesNoRoomLater(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(1);
            Task<Void> putTask = pending(q.put(2));

            putTask.cancel();
            assertThat(q.getNowait()).isEqualTo(1);

            assertThat(putTask.cancelled()).isTrue();
            assertThat(q.empty()).isTrue();
            q.putNowait(3);
        }

        // test_cancelled_put_silence_value_error_exception
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void cancellingAPutterAlreadyLetInIsHarmless(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(1);
            Task<Void> putTask = pending(q.put(2));

            q.getNowait();
            putTask.cancel();

            assertThat(putTask.done()).isTrue();
            assertThat(putTask.exception()).isNull();
            assertThat(q.qsize()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void waitingPuttersAreLetInInTheOrderTheyAsked(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(0);
            Task<Void> p1 = pending(q.put(1));
            Task<Void> p2 = pending(q.put(2));

            assertThat(q.getNowait()).isZero();
            assertThat(p1.done()).isTrue();
            assertThat(p2.done()).isFalse();
            assertThat(q.getNowait()).isEqualTo(1);
            assertThat(p2.done()).isTrue();
            assertThat(q.getNowait()).isEqualTo(2);
        }

        // "cancelled right after being woken": a putter's cancel races with the get that makes room for it.
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aPutterCancelledWhileBeingLetInNeverWastesTheFreedSlot(IntFunction<AsyncQueue<Integer>> newQueue) {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                AsyncQueue<Integer> q = newQueue.apply(1);
                q.putNowait(0);
                Disposable first = q.put(1).subscribe(v -> {}, e -> {});
                Task<Void> second = pending(q.put(2));

                race(round, q::getNowait, first::dispose);

                assertThat(q.qsize())
                        .as("round %d: the freed slot was filled", round)
                        .isEqualTo(1);
                List<Integer> rest = drain(q);
                assertThat(second.done())
                        .as("round %d: the second putter got in", round)
                        .isTrue();
                assertThat(rest).as("round %d", round).isIn(List.of(1, 2), List.of(2));
            }
        }
    }

    /** Takes every queued item (also letting waiting putters in); for assertions that ignore the order. */
    private static List<Integer> drain(AsyncQueue<Integer> q) {
        List<Integer> items = new ArrayList<>();
        while (!q.empty()) {
            items.add(q.getNowait());
        }
        return items;
    }

    @Nested
    class Join {

        // test_task_done_underflow
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void taskDoneWithoutAnUnfinishedItemIsAnIllegalStateNamingTheProblem(
                IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            assertThatThrownBy(q::taskDone)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageFindingMatch("(?i)(task_?done|too many)");
        }

        // test_task_done
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void joinCompletesOnceWorkersMarkedEveryItemDone(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            AtomicInteger accumulator = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Mono<Void> worker = Mono.defer(q::get)
                    .doOnNext(item -> {
                        accumulator.addAndGet(item);
                        q.taskDone();
                    })
                    .repeat(running::get)
                    .then();
            Task<Void> w1 = Aio.createTask(worker);
            Task<Void> w2 = Aio.createTask(worker);

            now(q.join());
            assertThat(accumulator).hasValue(IntStream.range(0, 100).sum());

            running.set(false);
            q.putNowait(0);
            q.putNowait(0);
            assertThat(List.of(w1, w2)).allSatisfy(w -> {
                assertThat(w.done()).isTrue();
                assertThat(w.exception()).isNull();
            });
        }

        // test_join_empty_queue
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void joinOnAQueueWithNothingUnfinishedCompletesAtOnce(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            now(q.join());
            now(q.join());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void joinWaitsUntilEveryPutItemIsMarkedDoneNotJustTaken(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.putNowait(2);
            Task<Void> join = pending(q.join());

            q.getNowait();
            q.getNowait();
            assertThat(join.done()).isFalse();
            q.taskDone();
            assertThat(join.done()).isFalse();
            q.taskDone();

            assertThat(join.done()).isTrue();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Shutdown {

        // test_shutdown_empty
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void shuttingDownAnEmptyQueueFailsWaitingGettersAndEveryLaterCall(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> getTask = pending(q.get());

            q.shutdown(false);

            assertThat(q.qsize()).isZero();
            now(q.join());
            assertThat(getTask.exception()).isInstanceOf(QueueShutDownException.class);
            assertShutDown(q);
        }

        // test_shutdown_nonempty
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aGracefulShutdownFailsPuttersButLetsGetDrainTheItems(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            q.putNowait(1);
            Task<Void> joinTask = pending(q.join());
            Task<Void> putTask = pending(q.put(2));

            q.shutdown(false);

            assertThat(q.qsize()).isEqualTo(1);
            assertThat(putTask.exception()).isInstanceOf(QueueShutDownException.class);
            assertThat(now(q.get())).isEqualTo(1);
            assertThat(joinTask.done()).isFalse();
            assertShutDown(q);

            q.taskDone();
            assertThat(joinTask.done()).isTrue();
            assertThat(joinTask.exception()).isNull();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void afterAGracefulShutdownGetReturnsEveryRemainingItemThenFails(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.putNowait(2);

            q.shutdown(false);

            assertThat(List.of(now(q.get()), q.getNowait())).containsExactlyInAnyOrder(1, 2);
            assertShutDown(q);
        }

        // test_shutdown_immediate
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void anImmediateShutdownDropsTheItemsAndReleasesJoin(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            Task<Void> joinTask = pending(q.join());

            q.shutdown(true);

            assertThat(q.qsize()).isZero();
            assertThat(joinTask.done()).isTrue();
            assertThat(joinTask.exception()).isNull();
            assertShutDown(q);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        }

        // test_shutdown_immediate_with_unfinished
        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void anImmediateShutdownStillWaitsForItemsAlreadyTaken(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.putNowait(1);
            Task<Void> joinTask = pending(q.join());
            assertThat(now(q.get())).isEqualTo(1);

            q.shutdown(true);

            assertThat(q.qsize()).isZero();
            assertThat(joinTask.done()).isFalse();
            assertShutDown(q);
            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            assertThat(joinTask.done()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void anImmediateShutdownFailsWaitingGetters(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            Task<Integer> getter = pending(q.get());

            q.shutdown(true);

            assertThat(getter.exception()).isInstanceOf(QueueShutDownException.class);
        }
    }

    @Nested
    class Consume {

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void consumeTakesAnItemOnlyWhenOneIsRequested(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            StepVerifier.create(q.consume(), 0)
                    .expectSubscription()
                    .then(() -> q.putNowait(1))
                    .then(() -> assertThat(q.qsize())
                            .as("nothing taken without demand")
                            .isEqualTo(1))
                    .thenRequest(1)
                    .expectNext(1)
                    .then(() -> q.putNowait(2))
                    .then(() -> assertThat(q.qsize()).as("demand used up").isEqualTo(1))
                    .thenRequest(1)
                    .expectNext(2)
                    .then(() -> q.shutdown(false))
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void consumeLeavesUnrequestedItemsToOtherGetters(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);

            StepVerifier.create(q.consume(), 0)
                    .expectSubscription()
                    .then(() -> assertThat(q.getNowait()).isEqualTo(1))
                    .thenCancel()
                    .verify(HANG_GUARD);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void consumeDrainsTheItemsLeftAtAGracefulShutdownThenCompletes(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.putNowait(2);
            q.shutdown(false);

            q.consume()
                    .as(StepVerifier::create)
                    .recordWith(ArrayList::new)
                    .expectNextCount(2)
                    .consumeRecordedWith(items -> assertThat(items).containsExactlyInAnyOrder(1, 2))
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aWaitingConsumeCompletesWhenTheQueueIsShutDown(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);

            q.consume()
                    .as(StepVerifier::create)
                    .expectSubscription()
                    .then(() -> q.shutdown(false))
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void consumeAfterAnImmediateShutdownCompletesWithoutTheDroppedItems(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.shutdown(true);

            q.consume().as(StepVerifier::create).expectComplete().verify(HANG_GUARD);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void aConsumeCancelledWhileWaitingLosesNoItem(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            List<Integer> got = new CopyOnWriteArrayList<>();
            Disposable consumer = q.consume().subscribe(got::add);

            consumer.dispose();
            q.putNowait(7);

            assertThat(got).isEmpty();
            assertThat(q.getNowait()).isEqualTo(7);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void consumedItemsCountAsTakenForTaskDoneAndJoin(IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            q.putNowait(1);
            q.putNowait(2);

            StepVerifier.create(q.consume(), 0)
                    .thenRequest(2)
                    .expectNextCount(2)
                    .thenCancel()
                    .verify(HANG_GUARD);

            assertThat(q.empty()).isTrue();
            Task<Void> join = pending(q.join());
            q.taskDone();
            q.taskDone();
            assertThat(join.done()).isTrue();
        }
    }

    @Nested
    class DeepHandOffs {

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void oneHundredThousandGettersThatEachPutTheNextItemDoNotOverflowTheStack(
                IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(0);
            AtomicInteger served = new AtomicInteger();
            AtomicReference<Throwable> error = new AtomicReference<>();
            for (int i = 0; i < DEEP; i++) {
                q.get().flatMap(v -> q.put(v + 1)).subscribe(v -> {}, error::set, served::incrementAndGet);
            }

            q.putNowait(0);

            assertThat(error.get()).isNull();
            assertThat(served).hasValue(DEEP);
            assertThat(q.qsize()).isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(DEEP);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource(QUEUES)
        void oneHundredThousandPuttersThatEachTakeAnItemDoNotOverflowTheStack(
                IntFunction<AsyncQueue<Integer>> newQueue) {
            AsyncQueue<Integer> q = newQueue.apply(1);
            AtomicInteger served = new AtomicInteger();
            AtomicReference<Throwable> error = new AtomicReference<>();
            q.putNowait(-1);
            for (int i = 0; i < DEEP; i++) {
                q.put(i).doOnSuccess(v -> q.getNowait()).subscribe(v -> {}, error::set, served::incrementAndGet);
            }

            assertThat(q.getNowait()).isEqualTo(-1);

            assertThat(error.get()).isNull();
            assertThat(served).hasValue(DEEP);
            assertThat(q.empty()).isTrue();
        }
    }
}
