package dev.reactio.internal;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Aio.waitFor} with a timeout of zero or less: asyncio returns the result of an
 * awaitable that is already done and otherwise cancels it and raises {@code TimeoutError}.
 * Here "already done" means the source signalled during its own subscription, on the
 * subscribing thread (a done {@code Task}'s {@code await()}, {@code Mono.just}). Any other
 * signal, even one that races in from another thread before {@code subscribe} returns, is late
 * and loses to the timeout, so the outcome never depends on thread timing.
 *
 * @param <T> the value type
 */
public final class MonoWaitForNow<T> extends Mono<T> implements Scannable {

    private final Mono<T> source;
    private final Duration timeout;

    /**
     * Creates the operator.
     *
     * @param source the awaitable
     * @param timeout the (non-positive) timeout, for the error message
     */
    public MonoWaitForNow(Mono<T> source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return source;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Probe<T> probe = new Probe<>(actual.currentContext());
        source.subscribe(probe);
        if (Probe.STATE.compareAndSet(probe, Probe.PENDING, Probe.TIMED_OUT)) {
            Operators.terminate(Probe.S, probe);
            Operators.error(
                    actual,
                    new TimeoutException("Aio.waitFor: timeout " + timeout
                            + " is not positive and the awaitable was not already done; it was cancelled"));
        } else if (probe.error != null) {
            Operators.error(actual, probe.error);
        } else if (probe.value != null) {
            actual.onSubscribe(Operators.scalarSubscription(actual, probe.value));
        } else {
            Operators.complete(actual);
        }
    }

    static final class Probe<T> implements CoreSubscriber<T>, Scannable, GrantReceiver {
        static final int PENDING = 0;
        static final int DONE = 1;
        static final int TIMED_OUT = 2;

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Probe> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Probe.class, "state");

        @SuppressWarnings("rawtypes")
        static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<Probe, Subscription> S =
                java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(
                        Probe.class, Subscription.class, "s");

        final Context context;
        /** The subscribing thread: only its signals count as "already done". */
        final Thread caller = Thread.currentThread();

        volatile int state;
        volatile @Nullable Subscription s;
        /** Written before {@link #state} flips to DONE. */
        @Nullable
        T value;

        @Nullable
        Throwable error;
        /** A signal that lost to the timeout: a grant in it goes back to its primitive. */
        volatile boolean dropped;

        Probe(Context context) {
            this.context = context;
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.setOnce(S, this, subscription)) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(T t) {
            if (Thread.currentThread() != caller) {
                dropped = true;
                Operators.onDiscard(t, context); // late: the timeout wins
                return;
            }
            value = t;
            if (!STATE.compareAndSet(this, PENDING, DONE)) {
                value = null;
                dropped = true;
                Operators.onDiscard(t, context);
            }
        }

        @Override
        public void onError(Throwable t) {
            if (Thread.currentThread() != caller) {
                Operators.onErrorDropped(t, context);
                return;
            }
            error = t;
            if (!STATE.compareAndSet(this, PENDING, DONE)) {
                error = null;
                Operators.onErrorDropped(t, context); // the timeout or an earlier signal won
            }
        }

        @Override
        public void onComplete() {
            if (Thread.currentThread() != caller || !STATE.compareAndSet(this, PENDING, DONE) && value == null) {
                dropped = true; // late: the timeout won, and a grant in this completion goes back
            }
        }

        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            return dropped;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return s;
            }
            if (key == Attr.CANCELLED) {
                return state == TIMED_OUT;
            }
            if (key == Attr.TERMINATED) {
                return state == DONE;
            }
            if (key == Attr.PREFETCH) {
                return Integer.MAX_VALUE;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }
    }
}
