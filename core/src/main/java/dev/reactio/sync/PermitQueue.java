package dev.reactio.sync;

import java.util.ArrayDeque;
import java.util.function.IntFunction;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The counting core shared by {@link AsyncLock}, {@link AsyncSemaphore} and
 * {@link AsyncBoundedSemaphore} (as kotlinx's {@code Mutex} builds on its semaphore).
 * <p>Permits are handed directly to the longest waiter on release, so nobody can barge in
 * between: strict FIFO. All state is guarded by {@code this}; critical sections are a few field
 * updates, and subscribers are only ever called outside the monitor.
 */
final class PermitQueue {

    /** Free permits; guarded by {@code this}. Stays 0 while permits go straight to waiters. */
    private int permits;
    /** Waiting acquirers, oldest first; guarded by {@code this}. */
    private final ArrayDeque<AcquireWaiter> waiters = new ArrayDeque<>();
    private final Deliveries deliveries = new Deliveries();
    private final Mono<Void> acquire = new OnSubscribe<Void>(this::subscribe);

    PermitQueue(int permits) {
        this.permits = permits;
    }

    Mono<Void> acquire() {
        return acquire;
    }

    /**
     * Takes a permit if one is free and nobody is waiting.
     *
     * @return whether a permit was taken
     */
    synchronized boolean tryAcquire() {
        if (permits > 0 && waiters.isEmpty()) {
            permits--;
            return true;
        }
        return false;
    }

    /**
     * Returns a permit: to the longest waiter if any, else to the pool.
     *
     * @param maxFree the most free permits allowed after this release (bounded semaphores and
     *     locks), or {@code Integer.MAX_VALUE}
     * @param overReleased builds the error for a release beyond {@code maxFree}
     */
    void release(int maxFree, IntFunction<RuntimeException> overReleased) {
        boolean drain;
        synchronized (this) {
            AcquireWaiter next = waiters.poll();
            if (next == null) {
                if (permits >= maxFree) {
                    throw overReleased.apply(permits);
                }
                permits++;
                return;
            }
            next.state = Waiter.GRANTED;
            drain = deliveries.add(next);
        }
        if (drain) {
            deliveries.drain(this);
        }
    }

    synchronized int availablePermits() {
        return permits;
    }

    /** asyncio's {@code Semaphore.locked()}: an acquire now would wait. */
    synchronized boolean locked() {
        return permits == 0 || !waiters.isEmpty();
    }

    private void subscribe(CoreSubscriber<? super Void> actual) {
        if (tryAcquire()) {
            Operators.complete(actual); // fast path: no waiter, no allocation beyond this Mono
            return;
        }
        AcquireWaiter waiter = new AcquireWaiter(actual, this);
        actual.onSubscribe(waiter);
        synchronized (this) {
            if (waiter.state != Waiter.WAITING) {
                return; // cancelled inside onSubscribe
            }
            if (permits > 0 && waiters.isEmpty()) {
                permits--; // a permit came back meanwhile
                waiter.state = Waiter.GRANTED;
            } else {
                waiters.add(waiter);
                return;
            }
        }
        synchronized (this) {
            if (waiter.state != Waiter.GRANTED) {
                return;
            }
            waiter.state = Waiter.DELIVERED;
        }
        waiter.deliver();
    }

    private void cancelled(AcquireWaiter waiter) {
        synchronized (this) {
            int was = waiter.state;
            waiter.state = Waiter.CANCELLED;
            if (was == Waiter.WAITING) {
                waiters.remove(waiter); // takes nothing
                return;
            }
            if (was == Waiter.CANCELLED) {
                return;
            }
        }
        // Granted (or delivered) but never told: pass the permit on (the cancel-release race).
        release(Integer.MAX_VALUE, n -> new IllegalStateException("unreachable"));
    }

    private static final class AcquireWaiter extends Waiter<Void> {
        private final PermitQueue queue;

        AcquireWaiter(CoreSubscriber<? super Void> actual, PermitQueue queue) {
            super(actual);
            this.queue = queue;
        }

        @Override
        void deliver() {
            completeEmpty();
        }

        @Override
        void cancelled() {
            queue.cancelled(this);
        }
    }
}
