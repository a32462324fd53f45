package dev.reactio.sync;

import dev.reactio.internal.GrantReceiver;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link AsyncQueue#consume()}: one {@code get()} per requested item, never ahead of demand, and
 * completion as soon as the queue is shut down and drained, demand or not (the queue tells it
 * through {@link #run()}). All signals to the consumer go through one drain loop.
 *
 * @param <T> the item type
 */
final class QueueConsumer<T> extends Flux<T> implements Scannable {

    private final AsyncQueue<T> queue;

    QueueConsumer(AsyncQueue<T> queue) {
        this.queue = queue;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        ConsumerSubscription<T> subscription = new ConsumerSubscription<>(queue, actual);
        actual.onSubscribe(subscription);
        queue.onDrainedAfterShutdown(subscription);
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    /** One subscription: the consumer's {@code Subscription}, the subscriber of each {@code get()} and the queue's drained listener. */
    static final class ConsumerSubscription<T>
            implements Subscription, CoreSubscriber<T>, Runnable, GrantReceiver, Scannable {

        @SuppressWarnings("rawtypes")
        static final AtomicLongFieldUpdater<ConsumerSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(ConsumerSubscription.class, "requested");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<ConsumerSubscription> WIP =
                AtomicIntegerFieldUpdater.newUpdater(ConsumerSubscription.class, "wip");

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<ConsumerSubscription, Object> READY =
                AtomicReferenceFieldUpdater.newUpdater(ConsumerSubscription.class, Object.class, "ready");

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<ConsumerSubscription, Subscription> GET =
                AtomicReferenceFieldUpdater.newUpdater(ConsumerSubscription.class, Subscription.class, "get");

        final AsyncQueue<T> queue;
        final CoreSubscriber<? super T> actual;
        volatile long requested;
        volatile int wip;
        /** The subscription of the one get() in flight, if any. */
        volatile @Nullable Subscription get;

        volatile boolean getting;
        volatile @Nullable Object ready;
        volatile @Nullable Throwable error;
        volatile boolean drained;
        volatile boolean cancelled;
        /** Only touched in the drain loop. */
        boolean terminated;

        ConsumerSubscription(AsyncQueue<T> queue, CoreSubscriber<? super T> actual) {
            this.queue = queue;
            this.actual = actual;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return get;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return terminated && !cancelled;
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Operators.terminate(GET, this); // a get() cancelled before it got takes nothing
            queue.removeDrainedListener(this);
            drain();
        }

        /** Never drops an item: one it cannot deliver goes back through {@code giveBackItem}. */
        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            return false;
        }

        /** The queue is shut down and empty. */
        @Override
        public void run() {
            drained = true;
            drain();
        }

        // -- the subscriber of each get()

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            GET.set(this, s);
            if (cancelled) {
                Operators.terminate(GET, this);
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(T item) {
            ready = item;
        }

        @Override
        public void onError(Throwable e) {
            if (e instanceof QueueShutDownException) {
                drained = true;
            } else {
                error = e;
            }
            getting = false;
            drain();
        }

        @Override
        public void onComplete() {
            getting = false;
            drain();
        }

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (; ; ) {
                if (terminated) {
                    return;
                }
                if (cancelled) {
                    // Read `getting` before `ready`: a get() sets ready (onNext) before it clears
                    // getting (onComplete), so "not getting" guarantees its item is visible here.
                    boolean inFlight = getting;
                    // getAndSet, not read-then-clear: an in-flight get's onNext may write the
                    // item between the two, and a plain clear would erase it.
                    @SuppressWarnings("unchecked")
                    T dropped = (T) READY.getAndSet(this, null);
                    if (dropped != null) {
                        queue.giveBackItem(dropped); // got but never delivered: not lost
                    }
                    if (!inFlight) {
                        terminated = true;
                        return;
                    }
                    // A get() may be handing an item over right now: stay live, so that its
                    // onNext runs this loop again and that item goes back too.
                } else if (step()) {
                    continue;
                } else if (terminated) {
                    return;
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** One step for a live subscription; true if it did something and should look again. */
        private boolean step() {
            boolean inFlight = getting; // before `ready`, as in drain()
            @SuppressWarnings("unchecked")
            T item = (T) ready; // a live step only clears it when no get() is in flight
            if (item != null && requested > 0) {
                ready = null;
                if (requested != Long.MAX_VALUE) {
                    REQUESTED.decrementAndGet(this);
                }
                actual.onNext(item);
                return true;
            }
            Throwable e = error;
            if (e != null && item == null) {
                terminated = true;
                queue.removeDrainedListener(this);
                actual.onError(e);
                return false;
            }
            if (item == null && !inFlight) {
                if (drained) {
                    terminated = true;
                    queue.removeDrainedListener(this);
                    actual.onComplete();
                    return false;
                }
                if (requested > 0) {
                    getting = true;
                    queue.get().subscribe(this);
                    return true;
                }
            }
            return false;
        }
    }
}
