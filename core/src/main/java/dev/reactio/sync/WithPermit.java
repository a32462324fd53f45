package dev.reactio.sync;

import dev.reactio.internal.GrantReceiver;
import dev.reactio.internal.ThreadLocalContext;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code withLock}/{@code withPermit}: acquire at subscription, run the body, release exactly
 * once on success, error or cancel. The semantics of {@code Mono.usingWhen} in one subscriber:
 * when the permit is free the body starts at once, with no waiter and no extra operator, and a
 * synchronous ({@code Callable}) body even runs in place, without being subscribed.
 * <p>The machinery ({@link #subscribe(PermitQueue, Runnable, Publisher, CoreSubscriber)} and
 * {@link Holder}) takes any {@code Publisher}: {@link FluxWithPermit} is the same operator for a
 * body of many values, whose requests and cancel the holder passes straight to the body.
 *
 * <pre>
 *   ACQUIRING ──permit──► RUNNING ──body ends──► DONE   (release, then signal)
 *       │                    │
 *       └──cancel──► CANCELLED ◄──cancel: cancel the body, release
 *            (cancels the waiter: it takes nothing or hands the permit on;
 *             a permit that arrives anyway is released)
 * </pre>
 *
 * @param <T> the body's value type
 */
final class WithPermit<T> extends Mono<T> implements Scannable {

    private final PermitQueue permits;
    private final Runnable release;
    private final Mono<T> body;

    WithPermit(PermitQueue permits, Runnable release, Mono<T> body) {
        this.permits = permits;
        this.release = release;
        this.body = body;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return body;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        subscribe(permits, release, body, actual);
    }

    /**
     * Subscribes {@code actual} to {@code body} run under a permit of {@code permits}; shared by
     * the {@code Mono} and {@code Flux} forms.
     */
    static <T> void subscribe(
            PermitQueue permits, Runnable release, Publisher<? extends T> body, CoreSubscriber<? super T> actual) {
        // A Callable source (Mono.just, Flux.just, Flux.empty, Mono.fromCallable...) has at most
        // one value, whatever its type: flatMap reads it the same way.
        if (body instanceof Callable<?> callable && permits.tryAcquire()) {
            runInPlace(actual, release, callable);
            return;
        }
        Holder<T> holder = new Holder<>(actual, release, body);
        actual.onSubscribe(holder);
        if (permits.tryAcquire()) {
            holder.acquired();
        } else {
            permits.acquire().subscribe(holder.acquirer());
        }
    }

    /**
     * The permit is free and the body is synchronous ({@code Mono.just}, {@code fromCallable},
     * {@code fromRunnable}, {@code fromSupplier}: Reactor's {@code Callable} sources): run it right
     * here, release, then signal, as {@code flatMap} does for such sources. Same semantics as
     * subscribing the body (which calls the callable at subscription), without the holder.
     */
    private static <T> void runInPlace(CoreSubscriber<? super T> actual, Runnable release, Callable<?> callable) {
        Operators.MonoSubscriber<T, T> result = new Operators.MonoSubscriber<>(actual);
        actual.onSubscribe(result);
        if (result.isCancelled()) {
            release.run();
            return;
        }
        Object value;
        try {
            value = callable.call();
        } catch (Throwable e) {
            release.run(); // like async with: released before the caller hears of the error
            actual.onError(Operators.onOperatorError(e, actual.currentContext()));
            return;
        }
        release.run();
        if (value == null) {
            actual.onComplete();
        } else {
            @SuppressWarnings("unchecked")
            T t = (T) value;
            result.complete(t);
        }
    }

    static final class Holder<T> extends Operators.DeferredSubscription implements CoreSubscriber<T> {

        static final int ACQUIRING = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;
        static final int CANCELLED = 3;

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Holder> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Holder.class, "state");

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<Holder, Subscription> ACQUIRE =
                AtomicReferenceFieldUpdater.newUpdater(Holder.class, Subscription.class, "acquireSubscription");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Holder> FRAMES =
                AtomicIntegerFieldUpdater.newUpdater(Holder.class, "frames");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Holder> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Holder.class, "released");
        /** Added to {@link #frames} by a cancel: the last frame to leave releases. */
        static final int RELEASE_PENDING = 1 << 30;

        final CoreSubscriber<? super T> actual;
        final Runnable release;
        /** Body frames running now (its subscribe call), plus RELEASE_PENDING once cancelled. */
        volatile int frames;
        /** 1 once a cancel released the permit. */
        volatile int released;

        final Publisher<? extends T> body;
        volatile int state;
        volatile @Nullable Subscription acquireSubscription;

        Holder(CoreSubscriber<? super T> actual, Runnable release, Publisher<? extends T> body) {
            this.actual = actual;
            this.release = release;
            this.body = body;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.CANCELLED) {
                return state == CANCELLED;
            }
            if (key == Attr.TERMINATED) {
                return state == DONE;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return super.scanUnsafe(key);
        }

        /** The subscriber of a waiting {@code acquire()}: it always takes the permit it is told of. */
        CoreSubscriber<Void> acquirer() {
            return new Acquirer();
        }

        /**
         * Never drops a grant: {@link #acquired()} releases a permit that arrives after a cancel.
         * So it answers {@code false} even when {@link #cancel()} cancels it late.
         */
        final class Acquirer implements CoreSubscriber<Void>, GrantReceiver, Scannable {
            /** The acquire signalled its end (the permit, or an error). */
            volatile boolean done;

            @Override
            public boolean grantUnused(boolean lateCancel, boolean valueless) {
                return false;
            }

            @Override
            public Context currentContext() {
                return actual.currentContext();
            }

            @Override
            public void onSubscribe(Subscription s) {
                if (Operators.setOnce(ACQUIRE, Holder.this, s)) {
                    s.request(Long.MAX_VALUE);
                }
            }

            @Override
            public void onNext(Void unused) {}

            @Override
            public void onError(Throwable error) {
                done = true;
                if (STATE.compareAndSet(Holder.this, ACQUIRING, DONE)) {
                    actual.onError(error);
                }
            }

            @Override
            public void onComplete() {
                done = true;
                acquired();
            }

            @Override
            public @Nullable Object scanUnsafe(Attr key) {
                if (key == Attr.PARENT) {
                    return acquireSubscription;
                }
                if (key == Attr.ACTUAL) {
                    return Holder.this;
                }
                if (key == Attr.CANCELLED) {
                    return acquireSubscription == Operators.cancelledSubscription();
                }
                if (key == Attr.TERMINATED) {
                    return done;
                }
                if (key == Attr.PREFETCH) {
                    return Integer.MAX_VALUE; // it requests the one grant at once
                }
                if (key == Attr.RUN_STYLE) {
                    return Attr.RunStyle.SYNC;
                }
                return null;
            }
        }

        /** The permit is ours: run the body, unless cancelled meanwhile (then give it back). */
        void acquired() {
            if (STATE.compareAndSet(this, ACQUIRING, RUNNING)) {
                // The body's synchronous part runs inside subscribe(), maybe on another thread
                // than a cancel: the permit goes back only once it has returned (async with).
                FRAMES.incrementAndGet(this);
                try {
                    // Maybe on the releasing thread: the body sees its own subscriber's
                    // ThreadLocals, not the releaser's (automatic context propagation).
                    ThreadLocalContext.subscribe(body, this);
                } finally {
                    leaveFrame();
                }
            } else {
                release.run(); // a grant that raced the cancel: nobody else will give it back
            }
        }

        private void leaveFrame() {
            if (FRAMES.decrementAndGet(this) == RELEASE_PENDING) {
                releaseOnce();
            }
        }

        /** A cancel while running: release now, or when the body's frame ends. */
        private void releaseWhenStopped() {
            if (FRAMES.getAndAdd(this, RELEASE_PENDING) == 0) {
                releaseOnce();
            }
        }

        private void releaseOnce() {
            if (RELEASED.compareAndSet(this, 0, 1)) {
                release.run();
            }
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            set(s); // DeferredSubscription replays requests made before the body started
        }

        @Override
        public void onNext(T value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            if (STATE.compareAndSet(this, RUNNING, DONE)) {
                release.run(); // like async with: released before the caller resumes
                actual.onError(error);
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (STATE.compareAndSet(this, RUNNING, DONE)) {
                release.run();
                actual.onComplete();
            }
        }

        @Override
        public void cancel() {
            int previous = STATE.getAndSet(this, CANCELLED);
            if (previous == ACQUIRING) {
                // Still waiting: the waiter takes nothing or hands the permit on; a permit
                // already granted to acquired() is released there.
                Operators.terminate(ACQUIRE, this);
            } else if (previous == RUNNING) {
                super.cancel(); // cancels the body; its cleanup (doFinally, doOnCancel) runs now
                releaseWhenStopped();
            } else if (previous == DONE) {
                STATE.lazySet(this, DONE);
            }
        }
    }
}
