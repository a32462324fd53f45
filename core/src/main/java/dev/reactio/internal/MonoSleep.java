package dev.reactio.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Aio.sleep}: one subscriber that is also the timer task, instead of
 * {@code Mono.delay(d).then()}'s two. A million sleeping tasks are common in asyncio code, so the
 * object and the subscription hop this saves per sleep matter. The timer is
 * {@code Schedulers.parallel()}, looked up at subscription so that virtual time replaces it.
 *
 * @param <T> the type of the result
 */
public final class MonoSleep<T> extends Mono<T> implements Scannable {

    private final long delayNanos;
    private final @Nullable T result;

    /**
     * Creates the operator.
     *
     * @param delay the non-negative delay
     * @param result the value to produce, or {@code null} to complete empty
     */
    public MonoSleep(Duration delay, @Nullable T result) {
        this.delayNanos = delay.toNanos();
        this.result = result;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Sleeper<T> sleeper = new Sleeper<>(actual, result);
        actual.onSubscribe(sleeper);
        Scheduler timer = Schedulers.parallel();
        try {
            sleeper.setTimer(timer.schedule(sleeper, delayNanos, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            sleeper.fail(Operators.onRejectedExecution(e, actual.currentContext()));
        }
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_ON) {
            return Schedulers.parallel();
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    static final class Sleeper<T> extends Operators.MonoSubscriber<T, T> implements Runnable {

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<Sleeper, Disposable> TIMER =
                AtomicReferenceFieldUpdater.newUpdater(Sleeper.class, Disposable.class, "timer");

        /** A disposed sentinel once cancelled, so a timer set later is disposed at once. */
        static final Disposable CANCELLED = Disposables.disposed();

        private final @Nullable T result;
        volatile @Nullable Disposable timer;

        Sleeper(CoreSubscriber<? super T> actual, @Nullable T result) {
            super(actual);
            this.result = result;
        }

        void setTimer(Disposable d) {
            if (!TIMER.compareAndSet(this, null, d)) {
                d.dispose(); // cancelled while scheduling
            }
        }

        void fail(Throwable e) {
            if (!isCancelled()) {
                actual.onError(e);
            }
        }

        /** The timer fired. */
        @Override
        public void run() {
            if (isCancelled()) {
                return;
            }
            T r = result;
            if (r == null) {
                actual.onComplete();
            } else {
                complete(r);
            }
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_ON) {
                return Schedulers.parallel();
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return super.scanUnsafe(key);
        }

        @Override
        public void cancel() {
            super.cancel();
            Disposable d = TIMER.getAndSet(this, CANCELLED);
            if (d != null && d != CANCELLED) {
                d.dispose();
            }
        }
    }
}
