package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import dev.reactio.internal.Grants;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A first-in, first-out queue for producers and consumers: Reactio's {@code asyncio.Queue},
 * including Python 3.13's {@code shutdown}. {@link #put(Object)} waits while the queue is full,
 * {@link #get()} while it is empty; {@link #taskDone()} and {@link #join()} track finished work.
 *
 * <pre>{@code
 * AsyncQueue<String> queue = new AsyncQueue<>(3);
 * Mono<Void> producer = Flux.range(0, 5)
 *         .concatMap(i -> Aio.sleep(Duration.ofMillis(500)).then(queue.put("item-" + i)))
 *         .then(queue.put("DONE"));
 * Mono<Void> consumer = queue.get()
 *         .flatMap(item -> item.equals("DONE") ? Mono.just(false)
 *                 : Aio.sleep(Duration.ofSeconds(1)).thenReturn(true))
 *         .doOnNext(more -> queue.taskDone())
 *         .repeat(more -> true) ... ;
 * }</pre>
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Fairness:</b> waiting getters are served in the order they started waiting, and so are
 *     waiting putters.</li>
 * <li><b>Cancellation:</b> a {@code get()} cancelled while waiting takes nothing; one cancelled
 *     after it was handed an item but before it received it gives the item back, to the next
 *     getter or to the front of the queue: no item is ever lost. A {@code put()} cancelled while
 *     waiting puts nothing.</li>
 * <li><b>Visibility:</b> what a producer did before {@code put} is visible to the consumer that
 *     gets the item.</li>
 * </ul>
 * {@code null} items are rejected with {@link NullPointerException}. A cancelled getter that
 * gives its item back may leave the queue one item over {@code maxsize} for a moment.
 *
 * <h2>Who counts as having received a grant</h2>
 * A grant that races the waiter's cancellation is handed on exactly when its subscriber did not
 * take it, whatever cancelled the waiter. That is exact for Reactio's own operators
 * ({@code withLock}/{@code withPermit}, {@code Aio.waitFor}, {@code Aio.run},
 * {@code Aio.gather}, a {@link dev.reactio.Task} awaiting it: asyncio's own model) and, among
 * Reactor's, for {@code timeout}, {@code block(Duration)}, {@code then}, {@code zip}/{@code when}
 * with a failing sibling and a disposed {@code subscribe(...)}: they mark themselves cancelled
 * before they cancel upstream and drop what arrives in between, and the primitive then hands the
 * grant on. Other subscribers keep what they were told, as Reactive Streams (§1.6, §3.7) has it:
 * {@code take(Duration)} cancels upstream even after it passed a signal on, and can lose an item
 * that arrives exactly as its timer fires; prefer {@code Aio.waitFor}.
 * <p>Sealed: {@link AsyncLifoQueue} and {@link AsyncPriorityQueue} are its only subclasses. Its
 * lock is private: a {@code synchronized (queue)} in user code does not block the queue.
 *
 * @param <T> the item type
 * @see AsyncPriorityQueue
 * @see AsyncLifoQueue
 */
public sealed class AsyncQueue<T> permits AsyncLifoQueue, AsyncPriorityQueue {

    private final int maxsize;
    /** Guards this object's state; private, so that a user's {@code synchronized} on this object cannot share it. */
    private final Object monitor = new Object();
    /** Guarded by {@code monitor}, as is every field below. */
    private final QueueDiscipline<T> items;

    private final ArrayDeque<GetWaiter<T>> getters = new ArrayDeque<>();
    private final ArrayDeque<PutWaiter<T>> putters = new ArrayDeque<>();
    private final List<JoinWaiter> joiners = new ArrayList<>();
    /** Told once the queue is shut down and empty ({@link #consume()} subscriptions). */
    private final List<Runnable> drainedListeners = new ArrayList<>();
    /** Slots promised to putters that were granted room but have not stored their item yet. */
    private int reserved;

    private int unfinished;
    /** Written under the monitor; volatile so that every get can skip the drained check unlocked. */
    private volatile boolean shutdown;

    private final DeliveryLoop deliveries = new DeliveryLoop();
    private final Mono<T> get = new MonoGrant<T>(this::subscribeGet);
    private final Mono<Void> join = new MonoGrant<Void>(this::subscribeJoin);

    /** Creates an unbounded queue: {@code asyncio.Queue()}. */
    public AsyncQueue() {
        this(0);
    }

    /**
     * Creates a queue: {@code asyncio.Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or less for unbounded
     */
    public AsyncQueue(int maxsize) {
        this(maxsize, QueueDiscipline.fifo());
    }

    AsyncQueue(int maxsize, QueueDiscipline<T> items) {
        this.maxsize = Math.max(0, maxsize);
        this.items = items;
    }

    /** Validates an item at call time; priority queues also check it can be ordered. */
    void checkItem(T item) {
        Objects.requireNonNull(item, "item");
    }

    // -------------------------------------------------------------------------------------
    // Putting

    /**
     * Puts an item, waiting while the queue is full: {@code await queue.put(item)}.
     * <p>Nothing happens until subscribed. Completes once the item is in the queue (or in a
     * waiting getter's hands). Cancelling while waiting puts nothing.
     * <p>Errors with {@link QueueShutDownException} if the queue is shut down.
     *
     * @param item the item, not null
     * @return a cold {@code Mono} that completes when the item was put
     * @throws NullPointerException if {@code item} is null
     */
    public Mono<Void> put(T item) {
        checkItem(item);
        return Assembly.MONO.apply(new Put<>(this, item));
    }

    /** One {@code put(item)}: a single small object per call (a lambda would add a second). */
    private static final class Put<T> extends Mono<Void> implements Scannable {
        private final AsyncQueue<T> queue;
        private final T item;

        Put(AsyncQueue<T> queue, T item) {
            this.queue = queue;
            this.item = item;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            queue.subscribePut(actual, item);
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }
    }

    /**
     * Puts an item without waiting: {@code queue.put_nowait(item)}.
     *
     * @param item the item, not null
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     * @throws NullPointerException if {@code item} is null
     */
    public void putNowait(T item) {
        checkItem(item);
        boolean drain;
        synchronized (monitor) {
            if (shutdown) {
                throw shutDownForPut();
            }
            if (!putters.isEmpty() || noRoom()) {
                throw new QueueFullException("AsyncQueue is full (maxsize " + maxsize + "): wait with put() instead");
            }
            drain = store(item);
        }
        drainIf(drain);
    }

    private void subscribePut(CoreSubscriber<? super Void> actual, T item) {
        boolean shut;
        boolean drain = false;
        synchronized (monitor) {
            shut = shutdown;
            if (!shut && putters.isEmpty() && !noRoom() && !Grants.mayHandBack(actual)) {
                // Fast path: no waiter. Not for a subscriber that may drop the completion (a
                // timeout whose timer fires right after onSubscribe): its put goes through a
                // waiter, so that a dropped put can be taken back.
                drain = store(item);
                shut = false;
                item = null;
            }
        }
        if (item == null) {
            drainIf(drain); // a waiting getter hears of the item first
            Operators.complete(actual);
            return;
        }
        PutWaiter<T> w = new PutWaiter<>(actual, this, item);
        if (shut) {
            Operators.error(actual, shutDownForPut());
            return;
        }
        actual.onSubscribe(w);
        synchronized (monitor) {
            if (w.state != Waiter.WAITING) {
                return; // cancelled inside onSubscribe
            }
            if (shutdown) {
                w.error = shutDownForPut();
                drain = grant(w);
            } else if (putters.isEmpty() && !noRoom()) {
                reserved++; // room appeared meanwhile; the item is stored on delivery
                drain = grant(w);
            } else {
                putters.add(w);
                return;
            }
        }
        drainIf(drain);
    }

    /** Guarded (delivery loop). A granted putter stores its item now, into its reserved slot. */
    private void putterDelivered(PutWaiter<T> w) {
        if (w.error != null) {
            return;
        }
        reserved--;
        if (shutdown) {
            w.error = shutDownForPut();
            return;
        }
        store(w.item); // inside the delivery loop: a getter it feeds is queued, not recursed into
    }

    private void putterCancelled(PutWaiter<T> w) {
        boolean drain = false;
        synchronized (monitor) {
            int was = w.state;
            w.state = Waiter.CANCELLED;
            if (was == Waiter.WAITING) {
                putters.remove(w); // puts nothing
                return;
            }
            if (was == Waiter.GRANTED && w.error == null) {
                reserved--; // it never stored its item: the room goes to the next putter
                drain = makeRoom();
            } else if (was == Waiter.DELIVERED && w.error == null && w.handedBack() && items.removeExact(w.item)) {
                // Told, but its subscriber dropped the completion: the put did not happen.
                unfinished--;
                drain = makeRoom();
            }
            // Otherwise DELIVERED: the item is in the queue (or already got); the put happened.
        }
        drainIf(drain);
        notifyIfDrained();
    }

    private void subscribeGet(CoreSubscriber<? super T> actual) {
        // Always a waiter, even when an item is ready: if the subscriber cancels before it
        // requests the item, discard() gives the item back instead of losing it.
        GetWaiter<T> w = new GetWaiter<>(actual, this);
        actual.onSubscribe(w);
        boolean drain = false;
        synchronized (monitor) {
            if (w.state != Waiter.WAITING) {
                return;
            }
            T item = items.poll();
            if (item != null) {
                w.item = item;
                drain = makeRoom();
            } else if (shutdown) {
                w.error = shutDownForGet();
            } else {
                getters.add(w);
                return;
            }
            w.state = Waiter.DELIVERED;
        }
        drainIf(drain);
        w.deliver();
        notifyIfDrained();
    }

    /**
     * A getter cancelled before it was told ({@code afterTell == false}), or was told but the item
     * never reached its subscriber (discarded before it was requested, or dropped by a cancelled
     * subscriber). The item goes back at most once: the waiter's slot is cleared under the
     * monitor, because Reactor may discard the same value twice when cancel races delivery.
     */
    private void getterCancelled(GetWaiter<T> w, boolean afterTell) {
        boolean drain = false;
        synchronized (monitor) {
            if (!afterTell) {
                int was = w.state;
                w.state = Waiter.CANCELLED;
                if (was == Waiter.WAITING) {
                    getters.remove(w); // takes nothing
                    return;
                }
            }
            T item = w.item;
            w.item = null;
            if (item != null) {
                drain = giveBack(item); // handed over but never received
            }
        }
        drainIf(drain);
    }

    private void subscribeJoin(CoreSubscriber<? super Void> actual) {
        synchronized (monitor) {
            if (unfinished != 0) {
                JoinWaiter w = new JoinWaiter(actual, this);
                joiners.add(w);
                actual.onSubscribe(w); // under the monitor: taskDone() cannot release it before this
                return;
            }
        }
        Operators.complete(actual);
    }

    private void joinerCancelled(JoinWaiter w) {
        synchronized (monitor) {
            if (w.state == Waiter.WAITING) {
                joiners.remove(w);
            }
            w.state = Waiter.CANCELLED;
        }
    }

    // -------------------------------------------------------------------------------------
    // Getting

    /**
     * Removes and returns an item, waiting while the queue is empty: {@code await queue.get()}.
     * <p>Nothing happens until subscribed. Cancelling while waiting takes nothing; an item that
     * was handed over to a cancelled getter goes back to the queue.
     * <p>Errors with {@link QueueShutDownException} once the queue is shut down and empty.
     *
     * @return a cold {@code Mono} with the next item
     */
    public Mono<T> get() {
        return Assembly.MONO.apply(get);
    }

    /**
     * Removes and returns an item without waiting: {@code queue.get_nowait()}.
     *
     * @return the next item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public T getNowait() {
        T item;
        boolean drain;
        synchronized (monitor) {
            item = items.poll();
            if (item == null) {
                if (shutdown) {
                    throw shutDownForGet();
                }
                throw new QueueEmptyException("AsyncQueue is empty: wait with get() instead");
            }
            drain = makeRoom();
        }
        drainIf(drain);
        notifyIfDrained();
        return item;
    }

    /**
     * The items as a backpressured {@code Flux}: each item is taken from the queue only when the
     * subscriber asks for one, and counts as got. Completes when the queue is shut down and
     * drained. Cancelling gives back an item that was taken but not delivered.
     *
     * @return a cold {@code Flux} of items, one {@code get()} per requested item
     */
    public Flux<T> consume() {
        return Assembly.FLUX.apply(new QueueConsumer<>(this));
    }

    // -------------------------------------------------------------------------------------
    // Size, tasks, shutdown

    /**
     * The number of items in the queue: {@code queue.qsize()}.
     *
     * @return the items waiting to be got
     */
    public int qsize() {
        synchronized (monitor) {
            return items.size();
        }
    }

    /**
     * Tells whether the queue is empty: {@code queue.empty()}.
     *
     * @return {@code true} if {@link #qsize()} is 0
     */
    public boolean empty() {
        synchronized (monitor) {
            return items.size() == 0;
        }
    }

    /**
     * Tells whether the queue is full: {@code queue.full()}.
     *
     * @return {@code true} if bounded and holding {@code maxsize} items or more
     */
    public boolean full() {
        synchronized (monitor) {
            return maxsize > 0 && items.size() >= maxsize;
        }
    }

    /**
     * The capacity: {@code queue.maxsize}.
     *
     * @return the most items the queue holds, or 0 for unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * Marks one got item as processed: {@code queue.task_done()}. When every item put so far is
     * done, {@link #join()} completes.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        boolean drain;
        synchronized (monitor) {
            if (unfinished <= 0) {
                throw new IllegalStateException("AsyncQueue.taskDone() called more times than items were put");
            }
            unfinished--;
            drain = unfinished == 0 && releaseJoiners();
        }
        drainIf(drain);
    }

    /**
     * Waits until every item put so far has been marked done: {@code await queue.join()}.
     * <p>Nothing happens until subscribed; completes at once if nothing is unfinished.
     * Cancelling just stops waiting.
     *
     * @return a cold {@code Mono} that completes when all work is done
     */
    public Mono<Void> join() {
        return Assembly.MONO.apply(join);
    }

    /**
     * Shuts the queue down: {@code queue.shutdown(immediate)} (Python 3.13). Later and waiting
     * {@code put}s fail with {@link QueueShutDownException}; {@code get}s drain what is left and
     * then fail the same way. With {@code immediate} the remaining items are dropped (each counts
     * as done, which can release {@link #join()}) and waiting getters fail at once.
     *
     * @param immediate whether to drop the items still in the queue
     */
    public void shutdown(boolean immediate) {
        boolean drain = false;
        synchronized (monitor) {
            shutdown = true;
            if (immediate) {
                int dropped = items.size();
                items.clear();
                unfinished = Math.max(0, unfinished - dropped);
                if (unfinished == 0) {
                    drain = releaseJoiners();
                }
            }
            if (items.size() == 0) {
                for (GetWaiter<T> g; (g = getters.poll()) != null; ) {
                    g.error = shutDownForGet();
                    drain |= grant(g);
                }
            }
            for (PutWaiter<T> p; (p = putters.poll()) != null; ) {
                p.error = shutDownForPut();
                drain |= grant(p);
            }
        }
        drainIf(drain);
        notifyIfDrained();
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return getClass().getSimpleName() + "[size=" + items.size() + ", maxsize=" + maxsize + ", unfinished="
                    + unfinished + (shutdown ? ", shut down" : "") + "]";
        }
    }

    // -------------------------------------------------------------------------------------
    // Internals; "guarded" means: call only while holding this queue's monitor.

    /** Runs {@code listener} once the queue is shut down and empty (at once if it already is). */
    void onDrainedAfterShutdown(Runnable listener) {
        synchronized (monitor) {
            if (!shutdown || items.size() != 0) {
                drainedListeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    void removeDrainedListener(Runnable listener) {
        synchronized (monitor) {
            drainedListeners.remove(listener);
        }
    }

    /** An item a consumer took but could not deliver: back to the front, as a cancelled get does. */
    void giveBackItem(T item) {
        boolean drain;
        synchronized (monitor) {
            drain = giveBack(item);
        }
        drainIf(drain);
    }

    /** Tells the drained listeners, if the queue is now shut down and empty; call outside the monitor. */
    private void notifyIfDrained() {
        if (!shutdown) {
            return; // a shutdown() after this read runs this check itself
        }
        List<Runnable> toRun;
        synchronized (monitor) {
            if (!shutdown || items.size() != 0 || drainedListeners.isEmpty()) {
                return;
            }
            toRun = new ArrayList<>(drainedListeners);
            drainedListeners.clear();
        }
        for (Runnable r : toRun) {
            r.run();
        }
    }

    /** Guarded. No room for one more item, counting slots promised to granted putters. */
    private boolean noRoom() {
        return maxsize > 0 && items.size() + reserved >= maxsize;
    }

    /** Guarded. Stores a new item, or hands it straight to the longest waiting getter. */
    private boolean store(T item) {
        unfinished++;
        GetWaiter<T> getter = getters.poll();
        if (getter != null) {
            getter.item = item; // getters only wait while the queue is empty: order is kept
            return grant(getter);
        }
        items.offer(item);
        return false;
    }

    /** Guarded. After an item left: let the longest waiting putter store its item. */
    private boolean makeRoom() {
        PutWaiter<T> putter = putters.peek();
        if (putter == null || noRoom()) {
            return false;
        }
        putters.poll();
        reserved++;
        return grant(putter);
    }

    /** Guarded. Gives an item back after its getter cancelled: next getter, or front of the queue. */
    private boolean giveBack(T item) {
        GetWaiter<T> getter = getters.poll();
        if (getter != null) {
            getter.item = item;
            return grant(getter);
        }
        items.giveBack(item);
        return false;
    }

    /** Guarded. */
    private boolean releaseJoiners() {
        boolean drain = false;
        for (JoinWaiter j : joiners) {
            drain |= grant(j);
        }
        joiners.clear();
        return drain;
    }

    /** Guarded. */
    private boolean grant(Waiter<?> waiter) {
        waiter.state = Waiter.GRANTED;
        return deliveries.add(waiter);
    }

    private void drainIf(boolean drain) {
        if (drain) {
            deliveries.drain(monitor);
        }
    }

    private QueueShutDownException shutDownForPut() {
        return new QueueShutDownException("AsyncQueue is shut down: put() is no longer accepted");
    }

    private QueueShutDownException shutDownForGet() {
        return new QueueShutDownException("AsyncQueue is shut down and empty: nothing left to get()");
    }

    // -------------------------------------------------------------------------------------
    // Waiters

    private static final class GetWaiter<T> extends Waiter<T> {
        private final AsyncQueue<T> queue;
        /** The item handed over when granted; guarded by the queue until delivered. */
        @Nullable
        T item;

        @Nullable
        Throwable error;

        GetWaiter(CoreSubscriber<? super T> actual, AsyncQueue<T> queue) {
            super(actual);
            this.queue = queue;
        }

        @Override
        void deliver() {
            Throwable e = error;
            T it = item; // read before telling: a cancel that wins the tell gives it back instead
            if (e != null) {
                fail(e);
            } else if (it != null) {
                completeWith(it);
            }
        }

        @Override
        void cancelled() {
            queue.getterCancelled(this, told()); // told: a dropped delivery; else a cancel that won
        }

        @Override
        boolean valueless() {
            return false;
        }

        @Override
        protected void discard(@Nullable T value) {
            // Told, but cancelled before it requested the value: the item goes back, not away.
            if (value != null) {
                queue.getterCancelled(this, true);
            }
        }
    }

    private static final class PutWaiter<T> extends Waiter<Void> {
        private final AsyncQueue<T> queue;
        private final T item;

        @Nullable
        Throwable error;

        PutWaiter(CoreSubscriber<? super Void> actual, AsyncQueue<T> queue, T item) {
            super(actual);
            this.queue = queue;
            this.item = item;
        }

        @Override
        void onDelivered() {
            queue.putterDelivered(this);
        }

        @Override
        void deliver() {
            Throwable e = error;
            if (e != null) {
                fail(e);
            } else {
                completeEmpty();
            }
        }

        @Override
        void cancelled() {
            queue.putterCancelled(this);
        }
    }

    private static final class JoinWaiter extends Waiter<Void> {
        private final AsyncQueue<?> queue;

        JoinWaiter(CoreSubscriber<? super Void> actual, AsyncQueue<?> queue) {
            super(actual);
            this.queue = queue;
        }

        @Override
        void deliver() {
            completeEmpty();
        }

        @Override
        void cancelled() {
            queue.joinerCancelled(this);
        }
    }
}
