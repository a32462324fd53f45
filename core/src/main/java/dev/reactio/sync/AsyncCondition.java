package dev.reactio.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;

/**
 * A condition variable: Reactio's {@code asyncio.Condition}. Callers holding its lock wait for
 * a {@link #signal(int) signal}; {@link #withLock(Mono)} is {@code async with condition:}.
 *
 * <pre>{@code
 * AsyncCondition cond = new AsyncCondition();
 * Mono<Void> consumer = cond.withLock(cond.awaitFor(() -> !items.isEmpty())
 *         .then(Mono.fromRunnable(() -> use(items.remove(0)))));
 * Mono<Void> producer = cond.withLock(Mono.fromRunnable(() -> {
 *     items.add("x");
 *     cond.signal(1);
 * }));
 * }</pre>
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Fairness:</b> {@code signal(n)} wakes the {@code n} longest waiters; the lock is FIFO.</li>
 * <li><b>Cancellation:</b> {@link #await()} re-acquires the lock even when cancelled, as asyncio
 *     does; a waiter cancelled after it was signalled passes the signal on. Inside
 *     {@link #withLock(Mono)} the lock ends free after a cancelled {@code await()}: the release
 *     waits for that re-acquire. Outside {@code withLock}, a cancelled {@code await()} leaves the
 *     lock held once re-acquired, so prefer {@code withLock}.</li>
 * <li><b>Reentrancy:</b> none, and no owner check (as in asyncio).</li>
 * </ul>
 */
public final class AsyncCondition {

    private final AsyncLock lock;
    /** Guards this object's state; private, so that a user's {@code synchronized} on this object cannot share it. */
    private final Object monitor = new Object();
    /** Guarded by {@code monitor}; waiters that were not signalled yet, oldest first. */
    private final LinkedHashSet<CondWaiter> waiters = new LinkedHashSet<>();

    /** Creates a condition with its own lock: {@code asyncio.Condition()}. */
    public AsyncCondition() {
        this(new AsyncLock());
    }

    /**
     * Creates a condition on an existing lock: {@code asyncio.Condition(lock)}.
     *
     * @param lock the lock that callers of {@link #await()} hold
     */
    public AsyncCondition(AsyncLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * Acquires the underlying lock: {@code await condition.acquire()}. See {@link AsyncLock#acquire()}.
     *
     * @return a cold {@code Mono} that completes holding the lock
     */
    public Mono<Void> acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock: {@code condition.release()}.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        lock.release();
    }

    /**
     * Tells whether the underlying lock is held: {@code condition.locked()}.
     *
     * @return {@code true} while somebody holds the lock
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Runs {@code body} holding the underlying lock: {@code async with condition:}.
     * <p>Nothing happens until subscribed. The lock is released however {@code body} ends; if it
     * was cancelled during an {@link #await()}, only after that {@code await()} re-acquired it,
     * so the lock always ends free.
     *
     * @param body the work to run under the lock, typically using {@link #await()}
     * @param <T> the body's value type
     * @return a cold {@code Mono} with {@code body}'s outcome
     */
    public <T> Mono<T> withLock(Mono<T> body) {
        Objects.requireNonNull(body, "body");
        return Mono.defer(() -> {
            Scope scope = new Scope();
            return new WithPermit<>(
                    lock.permits(),
                    () -> scope.releaseAfterReacquire(lock),
                    body.contextWrite(Context.of(lock, scope)));
        });
    }

    /**
     * Runs a body of many values holding the underlying lock: {@code async with condition:}
     * around an {@code async for}.
     * <p>Nothing happens until subscribed. The lock is held until {@code body} completes, fails
     * or is cancelled; requests and cancel go to {@code body}. As with {@link #withLock(Mono)},
     * a body cancelled during an {@link #await()} releases the lock only after that
     * {@code await()} re-acquired it. A {@code Mono} argument picks {@link #withLock(Mono)}.
     *
     * @param body the values to produce under the lock, typically using {@link #await()}
     * @param <T> the body's value type
     * @return a cold {@code Flux} with {@code body}'s values and outcome
     */
    public <T> Flux<T> withLock(Publisher<T> body) {
        Objects.requireNonNull(body, "body");
        return Flux.defer(() -> {
            Scope scope = new Scope();
            return new FluxWithPermit<>(
                    lock.permits(),
                    () -> scope.releaseAfterReacquire(lock),
                    Flux.from(body).contextWrite(Context.of(lock, scope)));
        });
    }

    /**
     * Releases the lock, waits for a signal, then re-acquires the lock: {@code await condition.wait()}.
     * <p>Nothing happens until subscribed. Completes once signalled and holding the lock again.
     * Cancelling stops waiting, but the lock is still re-acquired (see class Javadoc).
     * <p>Errors with {@link IllegalStateException} if the lock is not held when subscribed.
     *
     * @return a cold {@code Mono} that completes when signalled, holding the lock
     */
    public Mono<Void> await() {
        return Mono.deferContextual(ctx -> {
            if (!lock.locked()) {
                return Mono.error(new IllegalStateException(
                        "AsyncCondition.await() needs the lock: call it inside withLock(...) or after acquire()"));
            }
            Scope scope = ctx.getOrDefault(lock, null);
            return new MonoGrant<Void>(actual -> subscribeAwait(actual, scope));
        });
    }

    /**
     * Waits until {@code predicate} is true: {@code await condition.wait_for(predicate)}.
     * Completes at once, even without the lock, when the predicate already holds; otherwise
     * loops on {@link #await()}, testing the predicate after each signal (holding the lock).
     *
     * @param predicate the condition to wait for
     * @return a cold {@code Mono} that completes once {@code predicate} is true
     */
    public Mono<Void> awaitFor(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return Mono.defer(() -> predicate.getAsBoolean()
                ? Mono.empty()
                : await().repeat(() -> !predicate.getAsBoolean()).then());
    }

    /**
     * Wakes up to {@code n} waiters: {@code condition.notify(n)}. Each re-acquires the lock
     * after the caller releases it.
     *
     * @param n how many waiters to wake; 0 or less wakes none
     * @throws IllegalStateException if the lock is not held
     */
    public void signal(int n) {
        requireLock("signal");
        wake(n);
    }

    /**
     * Wakes every waiter: {@code condition.notify_all()}.
     *
     * @throws IllegalStateException if the lock is not held
     */
    public void signalAll() {
        requireLock("signalAll");
        wake(Integer.MAX_VALUE);
    }

    private void requireLock(String method) {
        if (!lock.locked()) {
            throw new IllegalStateException(
                    "AsyncCondition." + method + "() needs the lock: call it inside withLock(...)");
        }
    }

    private void wake(int n) {
        List<CondWaiter> woken = new ArrayList<>();
        synchronized (monitor) {
            var it = waiters.iterator();
            while (woken.size() < n && it.hasNext()) {
                CondWaiter w = it.next();
                it.remove();
                w.state = Waiter.DELIVERED;
                woken.add(w);
            }
        }
        for (CondWaiter w : woken) {
            w.reacquire();
        }
    }

    /** Guarded by {@code monitor}. */
    private boolean register(CondWaiter w) {
        if (w.state != Waiter.WAITING) {
            return false;
        }
        w.registered = true;
        waiters.add(w);
        return true;
    }

    /** A waiter's subscriber cancelled before hearing it was signalled and re-acquired. */
    private void cancelled(CondWaiter w) {
        boolean signalled;
        synchronized (monitor) {
            if (!w.registered) {
                w.state = Waiter.CANCELLED;
                return; // cancelled before it released the lock: nothing to undo
            }
            signalled = w.state == Waiter.DELIVERED;
            w.state = Waiter.CANCELLED;
            waiters.remove(w);
        }
        if (signalled) {
            wake(1); // asyncio: a cancelled, notified waiter notifies another instead
        }
        w.reacquire(); // must re-acquire the lock even when cancelled
        if (w.scope != null) {
            w.scope.pending = w.reacquired.asMono();
        }
    }

    /** The state one {@code withLock} shares with the {@code await()}s inside it. */
    private static final class Scope {
        /**
         * Completes when a cancelled await() has re-acquired the lock; null if none is pending.
         * Set while the body's cancellation propagates, which WithPermit does before it releases.
         */
        volatile @Nullable Mono<Void> pending;

        void releaseAfterReacquire(AsyncLock lock) {
            Mono<Void> p = pending;
            if (p == null) {
                lock.release();
            } else {
                p.subscribe(null, null, lock::release); // the lock ends free once it is ours again
            }
        }
    }

    private void subscribeAwait(CoreSubscriber<? super Void> actual, @Nullable Scope scope) {
        CondWaiter w = new CondWaiter(actual, this, scope);
        actual.onSubscribe(w);
        boolean registered;
        synchronized (monitor) {
            registered = register(w);
        }
        if (registered) {
            lock.release(); // only now: a signal cannot be missed in between
        }
    }

    /**
     * One {@code await()}: waits in the condition (WAITING), is signalled (DELIVERED), then
     * re-acquires the lock through its own subscription to {@code lock.acquire()}.
     */
    private static final class CondWaiter extends Waiter<Void> implements CoreSubscriber<Void> {

        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<CondWaiter> REACQUIRING =
                AtomicIntegerFieldUpdater.newUpdater(CondWaiter.class, "reacquiring");

        private final AsyncCondition condition;
        final @Nullable Scope scope;
        /** Completes once the lock is held again; what a cancelled waiter's withLock waits for. */
        final Sinks.Empty<Void> reacquired = Sinks.empty();
        /** Guarded by the condition's monitor. */
        boolean registered;

        private volatile int reacquiring;

        CondWaiter(CoreSubscriber<? super Void> actual, AsyncCondition condition, @Nullable Scope scope) {
            super(actual);
            this.condition = condition;
            this.scope = scope;
        }

        void reacquire() {
            if (REACQUIRING.compareAndSet(this, 0, 1)) {
                condition.lock.acquire().subscribe(this);
            }
        }

        @Override
        void deliver() {
            reacquire();
        }

        @Override
        void cancelled() {
            condition.cancelled(this);
        }

        // -- the lock.acquire() subscriber

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void unused) {}

        @Override
        public void onError(Throwable error) {
            fail(error);
        }

        @Override
        public void onComplete() {
            // FAIL_NON_SERIALIZED cannot happen: this acquire completes once. A failure here
            // means nobody awaits the sink any more, which is fine.
            reacquired.tryEmitEmpty();
            completeEmpty();
        }
    }
}
