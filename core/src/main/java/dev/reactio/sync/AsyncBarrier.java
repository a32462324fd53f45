package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A meeting point for a fixed number of parties: Reactio's {@code asyncio.Barrier}
 * (Python 3.11). Each {@link #await()} waits until {@code parties} callers have arrived, then
 * all of them continue, each with its arrival index, and the barrier is ready for the next round.
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Cancellation:</b> a waiter cancelled before the round completes leaves it, and its
 *     place is free again.</li>
 * <li><b>Errors:</b> waiters of a barrier that is {@link #reset()} or {@link #abort() aborted}
 *     get {@link BrokenBarrierException}; after {@code abort()} every {@code await()} fails that
 *     way until {@code reset()}.</li>
 * <li><b>Visibility:</b> what each party did before arriving is visible to all after the round.</li>
 * </ul>
 */
public final class AsyncBarrier {

    private final int parties;
    /** Guards this object's state; private, so that a user's {@code synchronized} on this object cannot share it. */
    private final Object monitor = new Object();
    /** Guarded by {@code monitor}: the parties waiting in the current round, in arrival order. */
    private final List<BarrierWaiter> waiting = new ArrayList<>();
    /** Guarded by {@code monitor}. */
    private boolean broken;

    private final Mono<Integer> await = new MonoGrant<Integer>(this::subscribe);

    /**
     * Creates a barrier: {@code asyncio.Barrier(parties)}.
     *
     * @param parties how many callers each round waits for; at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public AsyncBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("AsyncBarrier needs at least 1 party, but got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Arrives and waits for the other parties: {@code await barrier.wait()}.
     * <p>Nothing happens until subscribed. Completes, for every party of the round at once, when
     * the last one arrives. Cancelling while waiting leaves the round.
     * <p>Errors with {@link BrokenBarrierException} if the barrier is broken, or is reset or
     * aborted while waiting.
     *
     * @return a cold {@code Mono} with this caller's arrival index, 0 to {@code parties - 1}
     */
    public Mono<Integer> await() {
        return Assembly.MONO.apply(await);
    }

    /**
     * Breaks the current round and returns the barrier to its empty state:
     * {@code await barrier.reset()}. Waiting parties get {@link BrokenBarrierException}; an
     * aborted barrier becomes usable again.
     *
     * @return a cold {@code Mono} that resets when subscribed
     */
    public Mono<Void> reset() {
        return Mono.fromRunnable(() -> breakRound(false));
    }

    /**
     * Breaks the barrier: {@code await barrier.abort()}. Waiting parties, and every later
     * {@link #await()} until {@link #reset()}, get {@link BrokenBarrierException}.
     *
     * @return a cold {@code Mono} that aborts when subscribed
     */
    public Mono<Void> abort() {
        return Mono.fromRunnable(() -> breakRound(true));
    }

    /**
     * The number of parties each round waits for.
     *
     * @return the parties given at construction
     */
    public int parties() {
        return parties;
    }

    /**
     * The number of parties waiting in the current round: {@code barrier.n_waiting}.
     *
     * @return 0 to {@code parties - 1}
     */
    public int waiting() {
        synchronized (monitor) {
            return waiting.size();
        }
    }

    /**
     * Tells whether the barrier is broken: {@code barrier.broken}.
     *
     * @return {@code true} after {@link #abort()} until {@link #reset()}
     */
    public boolean broken() {
        synchronized (monitor) {
            return broken;
        }
    }

    private void breakRound(boolean abort) {
        List<BarrierWaiter> failed;
        synchronized (monitor) {
            broken = abort;
            failed = takeAll();
        }
        for (BarrierWaiter w : failed) {
            w.fail(new BrokenBarrierException(abort ? "AsyncBarrier was aborted" : "AsyncBarrier was reset"));
        }
    }

    /** Guarded by {@code monitor}. */
    private List<BarrierWaiter> takeAll() {
        List<BarrierWaiter> all = new ArrayList<>(waiting);
        waiting.clear();
        for (BarrierWaiter w : all) {
            w.state = Waiter.DELIVERED;
        }
        return all;
    }

    private void subscribe(CoreSubscriber<? super Integer> actual) {
        BarrierWaiter w = new BarrierWaiter(actual, this);
        actual.onSubscribe(w);
        List<BarrierWaiter> round;
        synchronized (monitor) {
            if (w.state != Waiter.WAITING) {
                return; // cancelled inside onSubscribe
            }
            if (broken) {
                w.state = Waiter.DELIVERED;
                round = null;
            } else {
                w.index = waiting.size();
                waiting.add(w);
                if (waiting.size() < parties) {
                    return;
                }
                round = takeAll();
            }
        }
        if (round == null) {
            w.fail(new BrokenBarrierException("AsyncBarrier is broken (aborted): reset() it first"));
            return;
        }
        for (BarrierWaiter each : round) {
            each.deliver();
        }
    }

    private void cancelled(BarrierWaiter w) {
        synchronized (monitor) {
            if (w.state == Waiter.WAITING) {
                w.state = Waiter.CANCELLED;
                waiting.remove(w);
                for (int i = 0; i < waiting.size(); i++) {
                    waiting.get(i).index = i; // indices stay 0..parties-1 for this round
                }
            }
        }
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "AsyncBarrier[parties=" + parties + ", waiting=" + waiting.size() + (broken ? ", broken" : "") + "]";
        }
    }

    private static final class BarrierWaiter extends Waiter<Integer> {
        private final AsyncBarrier barrier;
        /** Guarded by the barrier's monitor until delivered. */
        int index;

        BarrierWaiter(CoreSubscriber<? super Integer> actual, AsyncBarrier barrier) {
            super(actual);
            this.barrier = barrier;
        }

        @Override
        void deliver() {
            completeWith(index);
        }

        @Override
        void cancelled() {
            barrier.cancelled(this);
        }
    }
}
