package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import dev.reactio.internal.Grants;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.IntFunction;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The counting core shared by {@link AsyncLock}, {@link AsyncSemaphore} and
 * {@link AsyncBoundedSemaphore} (as kotlinx's {@code Mutex} builds on its semaphore).
 *
 * <h2>How it counts</h2>
 * One atomic {@link #count}, kotlinx.coroutines' scheme: positive, it is the number of free
 * permits; zero or negative, no permit is free and {@code -count} acquirers have registered to
 * wait. The uncontended paths are a single CAS each and take no monitor: {@link #tryAcquire()}
 * moves {@code count} from {@code n > 0} to {@code n - 1}; a {@link #release} that moves it from
 * {@code n >= 0} to {@code n + 1} puts the permit in the pool. A permit is therefore never free
 * while someone waits, and nobody can barge in: strict FIFO.
 * <p>Everything else happens under {@code this} (critical sections of a few field updates;
 * subscribers are only ever called outside it):
 * <ul>
 * <li>A waiting acquirer first decrements {@code count} (registers), then enters the monitor and
 *     joins {@link #waiters}.</li>
 * <li>A release that finds {@code count < 0} owes its permit to a registered acquirer. Under the
 *     monitor it grants the oldest queued waiter; if none has queued yet, it leaves the permit in
 *     {@link #handoffs} for the next registered acquirer to enter the monitor.</li>
 * <li>A registered acquirer that is cancelled while it waits leaves its registration behind as a
 *     {@link #skips skip}: the next release whose permit it would have taken consumes the skip and
 *     counts again (kotlinx's cancelled cell).</li>
 * </ul>
 * Invariant, at rest: {@code count = free - queued - skips + handoffs}, where free permits
 * ({@code max(count, 0)}) exist only when nobody is queued.
 */
final class PermitQueue {

    private static final AtomicIntegerFieldUpdater<PermitQueue> COUNT =
            AtomicIntegerFieldUpdater.newUpdater(PermitQueue.class, "count");

    /** Free permits if positive; otherwise minus the registered acquirers. See the class doc. */
    private volatile int count;
    /** Waiting acquirers, oldest first; guarded by {@code this}. */
    private final ArrayDeque<AcquireWaiter> waiters = new ArrayDeque<>();
    /** Registrations of cancelled acquirers not yet consumed by a release; guarded by {@code this}. */
    private int skips;
    /** Permits released to registered acquirers that had not queued yet; guarded by {@code this}. */
    private int handoffs;

    private final DeliveryLoop deliveries = new DeliveryLoop();
    private final Mono<Void> acquire = new MonoGrant<Void>(this::subscribe);

    PermitQueue(int permits) {
        this.count = permits;
    }

    Mono<Void> acquire() {
        return Assembly.MONO.apply(acquire);
    }

    /**
     * Takes a permit if one is free (then nobody is waiting).
     *
     * @return whether a permit was taken
     */
    boolean tryAcquire() {
        for (; ; ) {
            int c = count;
            if (c <= 0) {
                return false;
            }
            if (COUNT.compareAndSet(this, c, c - 1)) {
                return true;
            }
        }
    }

    /**
     * Returns a permit: to the longest waiter if any, else to the pool.
     *
     * @param maxFree the most free permits allowed after this release (bounded semaphores and
     *     locks), or {@code Integer.MAX_VALUE}
     * @param overReleased builds the error for a release beyond {@code maxFree}
     */
    void release(int maxFree, IntFunction<RuntimeException> overReleased) {
        for (; ; ) {
            int c = count;
            if (c >= maxFree) {
                throw overReleased.apply(c);
            }
            if (!COUNT.compareAndSet(this, c, c + 1)) {
                continue;
            }
            if (c >= 0 || handOver()) {
                return; // to the pool, or to a registered acquirer
            }
            // The registration this permit was meant for was a cancelled acquirer's: count again.
        }
    }

    /**
     * Gives a released permit to a registered acquirer.
     *
     * @return false if it consumed a cancelled acquirer's registration instead
     */
    private boolean handOver() {
        boolean drain;
        synchronized (this) {
            if (skips > 0) {
                skips--;
                return false;
            }
            AcquireWaiter next = waiters.poll();
            if (next == null) {
                handoffs++; // its acquirer registered and is on its way into the monitor
                return true;
            }
            next.state = Waiter.GRANTED;
            drain = deliveries.add(next);
        }
        if (drain) {
            deliveries.drain(this);
        }
        return true;
    }

    int availablePermits() {
        return Math.max(count, 0);
    }

    /** asyncio's {@code Semaphore.locked()}: an acquire now would wait. */
    boolean locked() {
        return count <= 0;
    }

    private void subscribe(CoreSubscriber<? super Void> actual) {
        if (tryAcquire()) {
            if (!Grants.mayHandBack(actual)) {
                Operators.complete(actual); // fast path: no waiter, no allocation beyond this Mono
                return;
            }
            // A subscriber that may drop the completion (a timeout whose timer fires right after
            // onSubscribe): a waiter, so that the permit can come back through it.
            AcquireWaiter granted = new AcquireWaiter(actual, this);
            granted.state = Waiter.DELIVERED;
            actual.onSubscribe(granted);
            granted.completeEmpty();
            return;
        }
        AcquireWaiter waiter = new AcquireWaiter(actual, this);
        actual.onSubscribe(waiter);
        // Register even if cancelled inside onSubscribe: the monitor block below settles it.
        boolean tookFree = COUNT.getAndDecrement(this) > 0; // a permit came back meanwhile
        boolean drain = false;
        boolean giveBack = false;
        synchronized (this) {
            boolean granted = tookFree;
            if (!granted && handoffs > 0) {
                handoffs--;
                granted = true;
            }
            if (waiter.state != Waiter.WAITING) {
                // Cancelled before it queued: hand back a permit it took, or leave a skip.
                if (granted) {
                    giveBack = true;
                } else {
                    skips++;
                }
            } else if (granted) {
                waiter.state = Waiter.GRANTED;
                drain = deliveries.add(waiter);
            } else {
                waiters.add(waiter);
            }
        }
        if (giveBack) {
            release(Integer.MAX_VALUE, PermitQueue::unreachable);
        } else if (drain) {
            deliveries.drain(this);
        }
    }

    private void cancelled(AcquireWaiter waiter) {
        synchronized (this) {
            int was = waiter.state;
            waiter.state = Waiter.CANCELLED;
            if (was == Waiter.WAITING) {
                if (waiters.remove(waiter)) {
                    skips++; // takes nothing; its registration is left for a release to consume
                }
                // else it has not queued yet: subscribe() sees CANCELLED and settles it
                return;
            }
            if (was == Waiter.CANCELLED) {
                return;
            }
        }
        // Granted (or delivered) but never told: pass the permit on (the cancel-release race).
        release(Integer.MAX_VALUE, PermitQueue::unreachable);
    }

    @Override
    public synchronized String toString() {
        return "PermitQueue[count=" + count + ", queued=" + waiters.size() + ", skips=" + skips + ", handoffs="
                + handoffs + "]";
    }

    private static RuntimeException unreachable(int free) {
        return new IllegalStateException("unreachable: " + free + " free permits");
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
