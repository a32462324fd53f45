package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.testsupport.Stress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;
import reactor.test.util.RaceTestUtils;

/**
 * {@link AsyncQueue} and its LIFO and priority flavours with 4 producers and 4 consumers on a
 * small bounded queue, while other threads cancel consumers at random: every item is received
 * exactly once, and the queue ends empty with no cancelled getter left behind. Items scale with
 * {@code -Dreactio.stress=N}.
 */
@Tag("stress")
class QueueStressTest {

    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int MAXSIZE = 16;
    private static final int ITEMS_PER_PRODUCER = 5_000;
    private static final int RACE_ROUNDS = 10_000;

    static Stream<Arguments> queues() {
        return Stream.of(
                Arguments.of("AsyncQueue", (IntFunction<AsyncQueue<Integer>>) AsyncQueue::new),
                Arguments.of("AsyncLifoQueue", (IntFunction<AsyncQueue<Integer>>) AsyncLifoQueue::new),
                Arguments.of("AsyncPriorityQueue", (IntFunction<AsyncQueue<Integer>>) AsyncPriorityQueue::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void getCancelledAtRandomLosesAndDuplicatesNoItem(String name, IntFunction<AsyncQueue<Integer>> factory) {
        AsyncQueue<Integer> queue = factory.apply(MAXSIZE);
        Ledger ledger = new Ledger(PRODUCERS * Stress.times(ITEMS_PER_PRODUCER));
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads(name, PRODUCERS + CONSUMERS, t -> {
                if (t < PRODUCERS) {
                    produce(queue, t, ledger.total / PRODUCERS);
                    return;
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!ledger.finished()) {
                    CountDownLatch settled = new CountDownLatch(1);
                    Disposable get = queue.get()
                            .doOnNext(ledger::receive)
                            .doFinally(signal -> settled.countDown())
                            .subscribe(null, error::set);
                    ledger.track(get);
                    if (random.nextInt(3) == 0) {
                        cancellers.cancelSoon(get);
                    }
                    Stress.await(settled, "a get() to be served or cancelled", () -> ledger.state(queue));
                    ledger.untrack(get);
                }
            });
        }
        assertThat(error.get()).isNull();
        ledger.assertEveryItemReceivedExactlyOnce(queue);
        assertNoGetterLeftBehind(queue);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void consumeCancelledAtRandomLosesAndDuplicatesNoItem(String name, IntFunction<AsyncQueue<Integer>> factory) {
        AsyncQueue<Integer> queue = factory.apply(MAXSIZE);
        Ledger ledger = new Ledger(PRODUCERS * Stress.times(ITEMS_PER_PRODUCER));
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads(name, PRODUCERS + CONSUMERS, t -> {
                if (t < PRODUCERS) {
                    produce(queue, t, ledger.total / PRODUCERS);
                    return;
                }
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!ledger.finished()) {
                    // Takes a few items one request at a time, then cancels itself, unless a
                    // canceller on another thread gets there first.
                    OneByOne consumer = new OneByOne(random.nextInt(1, 9), ledger, error);
                    // Subscribed before it is tracked: a BaseSubscriber disposed before its
                    // onSubscribe never runs hookFinally (Operators.terminate finds no
                    // subscription), so a sweep landing in between would leave it never ended.
                    queue.consume().subscribe(consumer);
                    ledger.track(consumer);
                    if (random.nextInt(3) == 0) {
                        cancellers.cancelSoon(consumer);
                    }
                    Stress.await(consumer.ended, "a consume() to end", () -> ledger.state(queue));
                    ledger.untrack(consumer);
                }
            });
        }
        assertThat(error.get()).isNull();
        ledger.assertEveryItemReceivedExactlyOnce(queue);
        assertNoGetterLeftBehind(queue);
    }

    /**
     * Puts cancelled at random: a put that completed must be received exactly once; a cancelled
     * one may have been put or not, but never twice. Consumers stop on one end marker each; what
     * they leave behind is drained afterwards.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void putCancelledAtRandomNeverDuplicatesAndLosesNoCompletedPut(
            String name, IntFunction<AsyncQueue<Integer>> factory) {
        AsyncQueue<Integer> queue = factory.apply(MAXSIZE);
        int perProducer = Stress.times(ITEMS_PER_PRODUCER);
        int total = PRODUCERS * perProducer;
        AtomicIntegerArray putCompleted = new AtomicIntegerArray(total);
        AtomicIntegerArray received = new AtomicIntegerArray(total);
        AtomicReference<Throwable> error = new AtomicReference<>();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        try (Stress.Cancellers cancellers = new Stress.Cancellers()) {
            Stress.inThreads(name, PRODUCERS + CONSUMERS + 1, t -> {
                if (t < PRODUCERS) {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < perProducer; i++) {
                        int item = t * perProducer + i;
                        CountDownLatch settled = new CountDownLatch(1);
                        Disposable put = queue.put(item)
                                .doFinally(signal -> {
                                    if (signal == SignalType.ON_COMPLETE) {
                                        putCompleted.set(item, 1);
                                    }
                                    settled.countDown();
                                })
                                .subscribe(null, error::set);
                        if (random.nextInt(3) == 0) {
                            cancellers.cancelSoon(put);
                        }
                        Stress.await(settled, "a put() to complete or be cancelled", queue::toString);
                    }
                    producersDone.countDown();
                } else if (t < PRODUCERS + CONSUMERS) {
                    for (; ; ) {
                        int item = queue.get().blockOptional().orElseThrow();
                        if (item < 0) {
                            return; // end marker
                        }
                        received.incrementAndGet(item);
                    }
                } else {
                    Stress.await(producersDone, "the producers", queue::toString);
                    for (int c = 0; c < CONSUMERS; c++) {
                        queue.put(-1 - c).block();
                    }
                }
            });
        }
        assertThat(error.get()).isNull();
        for (Integer left; (left = pollOrNull(queue)) != null; ) {
            if (left >= 0) {
                received.incrementAndGet(left);
            }
        }
        List<String> wrong = new ArrayList<>();
        for (int item = 0; item < total && wrong.size() < 20; item++) {
            int times = received.get(item);
            if (times > 1 || (putCompleted.get(item) == 1 && times != 1)) {
                wrong.add(item + (putCompleted.get(item) == 1 ? " (put completed)" : " (put cancelled)") + " received "
                        + times + "x");
            }
        }
        assertThat(wrong)
                .as("items received other than once after a completed put, or more than once")
                .isEmpty();
        assertThat(queue.qsize()).isZero();
    }

    /**
     * A put races the cancel of the one waiting {@code get()}: the item is either received or
     * still in the queue afterwards, never both and never neither.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void putRacingTheCancelOfAWaitingGetLosesNoItem(String name, IntFunction<AsyncQueue<Integer>> factory) {
        AsyncQueue<Integer> queue = factory.apply(MAXSIZE);
        int rounds = Stress.times(RACE_ROUNDS);
        for (int i = 0; i < rounds; i++) {
            int item = i;
            AtomicInteger received = new AtomicInteger();
            Disposable getter =
                    queue.get().doOnNext(v -> received.incrementAndGet()).subscribe();
            RaceTestUtils.race(() -> queue.putNowait(item), getter::dispose);
            assertThat(received.get() + queue.qsize())
                    .as(
                            "round %d: item %d received (%d) plus left in the queue (%d)",
                            i, item, received.get(), queue.qsize())
                    .isEqualTo(1);
            if (queue.qsize() == 1) {
                assertThat(queue.getNowait()).isEqualTo(item);
            }
        }
        assertNoGetterLeftBehind(queue);
    }

    /**
     * A put races the cancel of a {@code consume()} that is waiting for its one requested item:
     * the item is either delivered or still in the queue afterwards, never both and never neither.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void putRacingTheCancelOfAWaitingConsumeLosesNoItem(String name, IntFunction<AsyncQueue<Integer>> factory) {
        AsyncQueue<Integer> queue = factory.apply(MAXSIZE);
        int rounds = Stress.times(RACE_ROUNDS);
        for (int i = 0; i < rounds; i++) {
            int item = i;
            AtomicInteger received = new AtomicInteger();
            Disposable consumer = queue.consume()
                    .doOnNext(v -> received.incrementAndGet())
                    .subscribe(null, null, null, s -> s.request(1));
            RaceTestUtils.race(() -> queue.putNowait(item), consumer::dispose);
            assertThat(received.get() + queue.qsize())
                    .as(
                            "round %d: item %d delivered (%d) plus left in the queue (%d)",
                            i, item, received.get(), queue.qsize())
                    .isEqualTo(1);
            if (queue.qsize() == 1) {
                assertThat(queue.getNowait()).isEqualTo(item);
            }
        }
        assertNoGetterLeftBehind(queue);
    }

    private static void produce(AsyncQueue<Integer> queue, int producer, int count) {
        for (int i = 0; i < count; i++) {
            queue.put(producer * count + i).block();
        }
    }

    private static Integer pollOrNull(AsyncQueue<Integer> queue) {
        try {
            return queue.getNowait();
        } catch (QueueEmptyException e) {
            return null;
        }
    }

    /** A cancelled getter still in the queue's waiter list would swallow the next item. */
    private static void assertNoGetterLeftBehind(AsyncQueue<Integer> queue) {
        assertThat(queue.qsize()).as("items left in the queue").isZero();
        assertThat(queue.empty()).isTrue();
        queue.putNowait(-1);
        assertThat(queue.qsize())
                .as("a new item stays in the queue: no cancelled getter took it")
                .isEqualTo(1);
        assertThat(queue.getNowait()).isEqualTo(-1);
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
    }

    /**
     * Who received which item. When the last item arrives it cancels every consumer still
     * waiting, so the consumer threads can stop; a lost item leaves them waiting until the hang
     * guard reports which items are missing.
     */
    private static final class Ledger {
        final int total;
        private final AtomicIntegerArray deliveries;
        private final AtomicInteger distinct = new AtomicInteger();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final Set<Disposable> live = ConcurrentHashMap.newKeySet();
        final List<Throwable> sweepErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean finished;

        Ledger(int total) {
            this.total = total;
            this.deliveries = new AtomicIntegerArray(total);
        }

        void receive(int item) {
            if (deliveries.incrementAndGet(item) > 1) {
                duplicates.incrementAndGet();
                return;
            }
            if (distinct.incrementAndGet() == total) {
                finished = true;
                // One by one: a dispose that threw must not leave the others waiting (a hang
                // that hid the exception); the exception fails the test instead.
                for (Disposable consumer : live) {
                    try {
                        consumer.dispose();
                    } catch (Throwable e) {
                        sweepErrors.add(e);
                    }
                }
            }
        }

        boolean finished() {
            return finished;
        }

        /** Registers a waiting consumer; one registered after the sweep disposes itself. */
        void track(Disposable consumer) {
            live.add(consumer);
            if (finished) {
                consumer.dispose();
            }
        }

        void untrack(Disposable consumer) {
            live.remove(consumer);
        }

        String state(AsyncQueue<Integer> queue) {
            return "received " + distinct + " of " + total + " (+" + duplicates + " duplicates), missing " + missing(10)
                    + ", sweep errors " + sweepErrors + ", " + queue;
        }

        void assertEveryItemReceivedExactlyOnce(AsyncQueue<Integer> queue) {
            List<String> wrong = new ArrayList<>();
            for (int item = 0; item < total && wrong.size() < 20; item++) {
                if (deliveries.get(item) != 1) {
                    wrong.add(item + " received " + deliveries.get(item) + "x");
                }
            }
            assertThat(wrong)
                    .as("items not received exactly once; %s", state(queue))
                    .isEmpty();
            assertThat(sweepErrors).as("consumers that threw when disposed").isEmpty();
            assertThat(distinct.get()).isEqualTo(total);
        }

        private List<Integer> missing(int max) {
            List<Integer> out = new ArrayList<>();
            for (int item = 0; item < total && out.size() < max; item++) {
                if (deliveries.get(item) == 0) {
                    out.add(item);
                }
            }
            return out;
        }
    }

    /**
     * Requests one item at a time and cancels itself after {@code wanted} items. Records an item
     * even if it arrives after a cancel: the queue then did hand it out, and must not also give it
     * back.
     */
    private static final class OneByOne extends BaseSubscriber<Integer> {
        final CountDownLatch ended = new CountDownLatch(1);
        private final Ledger ledger;
        private final AtomicReference<Throwable> error;
        private int left;

        OneByOne(int wanted, Ledger ledger, AtomicReference<Throwable> error) {
            this.left = wanted;
            this.ledger = ledger;
            this.error = error;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(Integer item) {
            ledger.receive(item);
            if (--left == 0) {
                try {
                    cancel();
                } catch (Throwable e) {
                    // BaseSubscriber has already marked itself cancelled: it would drop this
                    // error and never run hookFinally, so the test would hang instead of failing.
                    error.set(e);
                    ended.countDown();
                }
            } else {
                request(1);
            }
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        protected void hookFinally(SignalType type) {
            ended.countDown();
        }
    }
}
