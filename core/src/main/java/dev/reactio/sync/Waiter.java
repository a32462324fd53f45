package dev.reactio.sync;

import dev.reactio.internal.Grants;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
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
 * decides, exactly once and atomically, what became of the grant:
 * <pre>
 *   OPEN ──tryTell──► TOLD ──unused (see Grants)──► HANDED_BACK
 *     └──cancel──► CANCELLED_FIRST
 * </pre>
 * A subscriber that cancels before it was told takes nothing ({@link #cancelled()} hands the
 * grant on). One that was told may still have dropped the signal (Reactor's operators mark
 * themselves cancelled before they cancel upstream): {@link Grants#unused} decides, right after
 * the tell and again on a cancel that comes after it, and an unused grant is handed back once,
 * through the same {@link #cancelled()}; {@link #handedBack()} tells it apart there. So a grant
 * is never both used and handed back, nor lost.
 *
 * @param <T> the value delivered ({@code Void} for completions)
 */
abstract class Waiter<T> extends Operators.MonoSubscriber<T, T> {

    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int DELIVERED = 2;
    static final int CANCELLED = 3;

    private static final int OPEN = 0;
    private static final int TOLD = 1;
    private static final int CANCELLED_FIRST = 2;
    private static final int HANDED_BACK = 3;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Waiter> TOLD_STATE =
            AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "told");

    /** Guarded by the owning primitive's monitor. */
    int state = WAITING;

    /** OPEN, TOLD, CANCELLED_FIRST or HANDED_BACK; see the class doc. */
    private volatile int told;

    Waiter(CoreSubscriber<? super T> actual) {
        super(actual);
    }

    /** Runs under the primitive's monitor as the waiter goes GRANTED → DELIVERED. */
    void onDelivered() {}

    /** Tells the subscriber; called outside the primitive's monitor, in its delivery loop. */
    abstract void deliver();

    /**
     * The subscriber did not take what it was granted: it cancelled before it was told (leave
     * the queue if WAITING, hand back if GRANTED), or it was told and the grant went unused
     * ({@link #handedBack()}). Runs at most once.
     */
    abstract void cancelled();

    /** Whether the subscriber was told (and so {@link #cancelled()} is a hand-back after it). */
    final boolean told() {
        int t = told;
        return t == TOLD || t == HANDED_BACK;
    }

    /** Whether the grant was told but went unused: {@link #cancelled()} is handing it back. */
    final boolean handedBack() {
        return told == HANDED_BACK;
    }

    /** Claims the right to signal the subscriber; false if it cancelled first. */
    final boolean tryTell() {
        return TOLD_STATE.compareAndSet(this, OPEN, TOLD);
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
            if (Grants.unused(actual, false, true)) {
                handBack();
            }
        }
    }

    /** Signals a value, unless the subscriber cancelled first (then {@link #cancelled()} ran). */
    final void completeWith(T value) {
        if (tryTell()) {
            complete(value);
            if (Grants.unused(actual, false, false)) {
                handBack();
            }
        }
    }

    /** Whether this waiter's grant is a completion without a value (the default). */
    boolean valueless() {
        return true;
    }

    /**
     * Asks the subscriber, under the primitive's monitor, whether it will take the grant; if not
     * (a {@code waitFor} that has just timed out), the waiter is settled as cancelled first and
     * {@link #cancelled()} hands the grant on.
     *
     * @return whether the grant may be delivered
     */
    final boolean claim() {
        if (Grants.claim(actual)) {
            return true;
        }
        if (TOLD_STATE.compareAndSet(this, OPEN, CANCELLED_FIRST)) {
            cancelled();
        }
        return false;
    }

    private void handBack() {
        if (TOLD_STATE.compareAndSet(this, TOLD, HANDED_BACK)) {
            cancelled();
        }
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC; // told on the thread that grants, no scheduler hop
        }
        if (key == Attr.TERMINATED) {
            return told == TOLD || told == HANDED_BACK;
        }
        if (key == Attr.CANCELLED) {
            return told == CANCELLED_FIRST || isCancelled();
        }
        return super.scanUnsafe(key);
    }

    @Override
    public final void cancel() {
        super.cancel();
        if (TOLD_STATE.compareAndSet(this, OPEN, CANCELLED_FIRST)) {
            cancelled();
        } else if (told == TOLD && Grants.unused(actual, true, valueless())) {
            handBack();
        }
    }
}
