package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A flag that callers can wait for: Reactio's {@code asyncio.Event}. {@link #set()} wakes every
 * waiter; while set, {@link #await()} completes at once.
 *
 * <pre>{@code
 * AsyncEvent event = new AsyncEvent();
 * Mono<Void> waiter = event.await().doOnSuccess(v -> System.out.println("got event"));
 * Mono<Void> setter = Aio.sleep(Duration.ofSeconds(2)).doOnSuccess(v -> event.set());
 * Aio.run(Aio.gather(waiter, setter));
 * }</pre>
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Fairness:</b> {@code set()} wakes waiters in the order they started waiting.</li>
 * <li><b>Cancellation:</b> a cancelled waiter simply leaves.</li>
 * <li><b>Visibility:</b> what a thread did before {@code set()} is visible to every woken waiter.</li>
 * </ul>
 */
public final class AsyncEvent {

    /** Guarded by {@code monitor}. */
    private boolean set;
    /** Guarded by {@code monitor}; insertion-ordered, O(1) removal for cancelled waiters. */
    private LinkedHashSet<EventWaiter> waiters = new LinkedHashSet<>();

    private final Mono<Void> await = new MonoGrant<Void>(this::subscribe);
    /** Guards this object's state; private, so that a user's {@code synchronized} on this object cannot share it. */
    private final Object monitor = new Object();

    /** Creates an event that is not set: {@code asyncio.Event()}. */
    public AsyncEvent() {}

    /** Sets the flag and wakes every waiter: {@code event.set()}. No effect if already set. */
    public void set() {
        List<EventWaiter> woken;
        synchronized (monitor) {
            if (set) {
                return;
            }
            set = true;
            if (waiters.isEmpty()) {
                return;
            }
            woken = new ArrayList<>(waiters);
            waiters = new LinkedHashSet<>();
            for (EventWaiter w : woken) {
                w.state = Waiter.DELIVERED;
            }
        }
        for (EventWaiter w : woken) {
            w.deliver(); // outside the monitor: a woken waiter may clear() and wait again
        }
    }

    /** Clears the flag: {@code event.clear()}. Later {@link #await()} calls wait again. */
    public void clear() {
        synchronized (monitor) {
            set = false;
        }
    }

    /**
     * Tells whether the flag is set: {@code event.is_set()}.
     *
     * @return {@code true} between {@link #set()} and {@link #clear()}
     */
    public boolean isSet() {
        synchronized (monitor) {
            return set;
        }
    }

    /**
     * Waits until the flag is set: {@code await event.wait()}.
     * <p>Nothing happens until subscribed; completes at once if the flag is set. Cancelling
     * while waiting just removes this waiter.
     *
     * @return a cold {@code Mono} that completes once the event is set
     */
    public Mono<Void> await() {
        return Assembly.MONO.apply(await);
    }

    private void subscribe(CoreSubscriber<? super Void> actual) {
        synchronized (monitor) {
            if (set) {
                // fall through to complete outside the monitor
            } else {
                EventWaiter w = new EventWaiter(actual, this);
                waiters.add(w);
                actual.onSubscribe(w); // under the monitor: set() cannot deliver before this
                return;
            }
        }
        Operators.complete(actual);
    }

    private void cancelled(EventWaiter w) {
        synchronized (monitor) {
            if (w.state == Waiter.WAITING) {
                w.state = Waiter.CANCELLED;
                waiters.remove(w);
            }
        }
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "AsyncEvent[" + (set ? "set" : "unset, waiters=" + waiters.size()) + "]";
        }
    }

    private static final class EventWaiter extends Waiter<Void> {
        private final AsyncEvent event;

        EventWaiter(CoreSubscriber<? super Void> actual, AsyncEvent event) {
            super(actual);
            this.event = event;
        }

        @Override
        void deliver() {
            completeEmpty();
        }

        @Override
        void cancelled() {
            event.cancelled(this);
        }
    }
}
