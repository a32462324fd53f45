package dev.reactio.sync;

import java.util.ArrayDeque;

/**
 * The delivery loop of one primitive, a trampoline: waiters granted under the primitive's
 * monitor are queued here and told outside it, by whichever thread is already delivering. A
 * waiter's subscriber may run its whole critical section synchronously and release again; that
 * release only queues the next waiter, so waking 100 000 waiters never grows the stack.
 * <p>Not threadsafe on its own: its state is guarded by the owner's monitor, which callers hold
 * for {@link #add} and {@link #drain} takes for each step.
 */
final class DeliveryLoop {

    /** Guarded by the owner's monitor. */
    private final ArrayDeque<Waiter<?>> queue = new ArrayDeque<>();
    /** Guarded by the owner's monitor; true while some thread runs {@link #drain}. */
    private boolean draining;

    /**
     * Queues a granted waiter (under the owner's monitor).
     *
     * @return true if the caller must call {@link #drain} after leaving the monitor
     */
    boolean add(Waiter<?> waiter) {
        queue.add(waiter);
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /** Delivers until nothing is left; call outside the owner's monitor. */
    void drain(Object monitor) {
        try {
            drainLoop(monitor);
        } catch (Throwable e) {
            // A subscriber threw from onComplete/onNext (a Reactive Streams violation). Do not
            // leave the primitive believing someone is still delivering: hand on, then rethrow.
            synchronized (monitor) {
                draining = false;
            }
            if (takeOverDraining(monitor)) {
                drain(monitor);
            }
            throw e;
        }
    }

    /** Whether work is queued and nobody drains it: the caller then drains (it is marked as draining). */
    private boolean takeOverDraining(Object monitor) {
        synchronized (monitor) {
            if (queue.isEmpty() || draining) {
                return false;
            }
            draining = true;
            return true;
        }
    }

    private void drainLoop(Object monitor) {
        for (; ; ) {
            Waiter<?> next;
            synchronized (monitor) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
                if (next.state != Waiter.GRANTED) {
                    continue; // cancelled after the grant: its canceller already handed it on
                }
                if (!next.claim()) {
                    continue; // its subscriber timed out meanwhile: claim() handed the grant on
                }
                next.state = Waiter.DELIVERED;
                next.onDelivered();
            }
            next.deliver();
        }
    }
}
