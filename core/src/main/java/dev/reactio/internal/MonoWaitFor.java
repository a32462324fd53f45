package dev.reactio.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * {@code Aio.waitFor} with a positive timeout: asyncio's {@code wait_for}. Unlike Reactor's
 * {@code timeout}, it never loses what its source produced: the timer and the source's first
 * signal race for one atomic outcome, and a signal that lost (it arrived after the timeout or a
 * cancel) is reported to the primitive that sent it ({@link GrantReceiver}), which hands the
 * lock, permit or item on. So {@code waitFor(lock.acquire(), t)} either holds the lock or times
 * out having taken nothing, and {@code waitFor(queue.put(x), t)} either put {@code x} or did not.
 * <p>Cancels the source first, then signals {@link TimeoutException}. Once the source has
 * signalled, a cancel from downstream still reaches it, so a primitive can tell a grant that a
 * later operator dropped (see {@link Grants}).
 *
 * @param <T> the value type
 */
public final class MonoWaitFor<T> extends Mono<T> implements Scannable {

    private final Mono<T> source;
    private final Duration timeout;

    /**
     * Creates the operator.
     *
     * @param source the awaitable
     * @param timeout the positive timeout
     */
    public MonoWaitFor(Mono<T> source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return source;
        }
        if (key == Attr.RUN_ON) {
            return Schedulers.parallel();
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        WaitForSubscriber<T> main = new WaitForSubscriber<>(actual, timeout);
        source.subscribe(main);
        main.startTimer();
    }

    /** One subscription: the source's subscriber, the timer's task and the downstream's {@code Subscription}. */
    static final class WaitForSubscriber<T>
            implements CoreSubscriber<T>, Subscription, Scannable, GrantReceiver, Runnable {

        static final int PENDING = 0;
        /** The source signalled first: everything it sends goes downstream. */
        static final int SIGNALLED = 1;

        static final int TIMED_OUT = 2;
        static final int CANCELLED = 3;

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<WaitForSubscriber> STATE =
                AtomicIntegerFieldUpdater.newUpdater(WaitForSubscriber.class, "state");

        final CoreSubscriber<? super T> actual;
        final Duration timeout;
        volatile int state;
        /** A signal that lost to the timeout or a cancel; read by the primitive that sent it. */
        volatile boolean dropped;
        /** A downstream cancel that came after the source signalled. */
        volatile boolean cancelledAfterSignal;
        /** The source's terminal signal went downstream (for {@code Scannable} only). */
        volatile boolean terminated;

        @Nullable
        Subscription s;

        volatile @Nullable Disposable timer;

        WaitForSubscriber(CoreSubscriber<? super T> actual, Duration timeout) {
            this.actual = actual;
            this.timeout = timeout;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.validate(s, subscription)) {
                s = subscription;
                actual.onSubscribe(this);
            }
        }

        /**
         * Starts the timer once the source's {@code subscribe} has returned: what it produced
         * synchronously (a free lock, a queue with room) is its result, as in asyncio, where the
         * timeout cannot fire while the awaitable runs without suspending.
         */
        void startTimer() {
            if (state == PENDING) {
                Disposable t = Schedulers.parallel().schedule(this, timeout.toNanos(), TimeUnit.NANOSECONDS);
                timer = t;
                if (state != PENDING) {
                    t.dispose();
                }
            }
        }

        /** The timer. */
        @Override
        public void run() {
            if (STATE.compareAndSet(this, PENDING, TIMED_OUT)) {
                Subscription a = s;
                if (a != null) {
                    a.cancel(); // asyncio: the awaitable is cancelled first
                }
                actual.onError(new TimeoutException(
                        "Aio.waitFor: no result within " + timeout + "; the awaitable was cancelled"));
            }
        }

        /** A primitive is about to make a grant final for this subscriber: the timer can no longer win. */
        @Override
        public boolean claimGrant() {
            int st = state;
            if (st == PENDING && STATE.compareAndSet(this, PENDING, SIGNALLED)) {
                Disposable t = timer;
                if (t != null) {
                    t.dispose();
                }
                return true;
            }
            return st == SIGNALLED || state == SIGNALLED;
        }

        /** Whether this signal may go downstream; false (and recorded) if it lost. */
        private boolean signalWins() {
            int st = state;
            if (st == SIGNALLED || (st == PENDING && STATE.compareAndSet(this, PENDING, SIGNALLED))) {
                Disposable t = timer;
                if (t != null) {
                    t.dispose();
                }
                return true;
            }
            dropped = true;
            return false;
        }

        @Override
        public void onNext(T t) {
            if (signalWins()) {
                actual.onNext(t);
            } else {
                Operators.onDiscard(t, actual.currentContext());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (signalWins()) {
                terminated = true;
                actual.onError(t);
            } else {
                Operators.onErrorDropped(t, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (signalWins()) {
                terminated = true;
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            Subscription a = s;
            if (a != null) {
                a.request(n);
            }
        }

        @Override
        public void cancel() {
            if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
                Disposable t = timer;
                if (t != null) {
                    t.dispose();
                }
            } else if (state == SIGNALLED) {
                cancelledAfterSignal = true;
            }
            Subscription a = s;
            if (a != null) {
                a.cancel(); // also after a signal: the source may need to know (see Grants)
            }
        }

        /**
         * Exact for this operator's own race; for a cancel that reaches it after it passed the
         * grant on, the verdict is the one about its downstream.
         */
        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            if (dropped) {
                return true;
            }
            return lateCancel && cancelledAfterSignal && Grants.unused(actual, true, valueless);
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return s;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.CANCELLED) {
                return state == CANCELLED || cancelledAfterSignal;
            }
            if (key == Attr.TERMINATED) {
                return terminated || state == TIMED_OUT;
            }
            if (key == Attr.RUN_ON) {
                return Schedulers.parallel();
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }
    }
}
