package dev.reactio.sync;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import dev.reactio.internal.LateSignals;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One suspended caller of a primitive: asyncio's per-waiter {@code Future}, as a one-shot
 * Reactor subscription. {@code MonoSubscriber} handles demand for value-carrying waiters.
 *
 * <pre>
 *            chosen (under monitor)        delivery loop (under monitor)
 *   WAITING ─────────────────────► GRANTED ─────────────────────────────► DELIVERED
 *      │                              │                                      │
 *      └── cancel: leaves the queue,  └── cancel before told: hands back ────┘
 *          takes nothing                  what it was granted
 * </pre>
 * {@link #state} is guarded by the owning primitive's monitor. Independently, {@link #told}
 * decides, exactly once and atomically, whether the subscriber heard of its grant ({@link
 * #tryTell()}) or cancelled first ({@link #cancel()} → {@link #cancelled()}); so a grant is
 * never both delivered and handed back, nor lost.
 *
 * @param <T> the value delivered ({@code Void} for completions)
 */
abstract class Waiter<T> extends Operators.MonoSubscriber<T, T> {

    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int DELIVERED = 2;
    static final int CANCELLED = 3;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Waiter> TOLD = AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "told");

    /** Guarded by the owning primitive's monitor. */
    int state = WAITING;

    /** 0 open, 1 the subscriber is being told, 2 it cancelled first. */
    private volatile int told;

    Waiter(CoreSubscriber<? super T> actual) {
        super(actual);
    }

    /** Runs under the primitive's monitor as the waiter goes GRANTED → DELIVERED. */
    void onDelivered() {
    }

    /** Tells the subscriber; called outside the primitive's monitor, in its delivery loop. */
    abstract void deliver();

    /**
     * The subscriber cancelled before it was told: leave the queue (WAITING), or hand back what
     * was granted (GRANTED, DELIVERED). Runs at most once, never after {@link #tryTell()} won.
     */
    abstract void cancelled();

    /** Whether the subscriber was (being) told: {@link #tryTell()} won. */
    final boolean told() {
        return told == 1;
    }

    /** Claims the right to signal the subscriber; false if it cancelled first. */
    final boolean tryTell() {
        return TOLD.compareAndSet(this, 0, 1);
    }

    /** Signals an error to the subscriber, unless it cancelled first. */
    final void fail(Throwable error) {
        if (tryTell()) {
            actual.onError(error);
        }
    }

    /** Signals completion without a value, unless the subscriber cancelled first. */
    final void completeEmpty() {
        if (tryTell()) {
            actual.onComplete();
            handBackIfDropped();
        }
    }

    /** Signals a value, unless the subscriber cancelled first (then {@link #cancelled()} ran). */
    final void completeWith(T value) {
        if (tryTell()) {
            complete(value);
            handBackIfDropped();
        }
    }

    /**
     * A subscriber that was cancelled while the grant was on its way may drop it (Reactor's
     * subscribers mark themselves cancelled before they cancel upstream). Those that can say so
     * ({@link LateSignals}, e.g. a {@code Task}) get their grant handed on, as if they had
     * cancelled first.
     */
    private void handBackIfDropped() {
        if (LATE_SIGNALS.get(actual.getClass()) && ((LateSignals) actual).droppedAfterCancel()) {
            cancelled();
        }
    }

    /**
     * Whether a subscriber class implements {@link LateSignals}. A plain {@code instanceof} of an
     * interface the class does not implement scans its secondary supertypes on every call (HotSpot
     * caches only hits); waking 10 000 waiters spent two thirds of its time there.
     */
    private static final ClassValue<Boolean> LATE_SIGNALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return LateSignals.class.isAssignableFrom(type);
        }
    };

    @Override
    public final void cancel() {
        super.cancel();
        if (TOLD.compareAndSet(this, 0, 2)) {
            cancelled();
        }
    }
}
