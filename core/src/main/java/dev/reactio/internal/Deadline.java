package dev.reactio.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * One deadline over a whole {@code Flux}: asyncio's {@code as_completed(timeout=)} and
 * aiohttp's {@code ClientTimeout(total=)} on a stream. Unlike Reactor's {@code timeout}, which
 * restarts at every item, the deadline is counted once, from subscription, and is not moved by
 * the values that arrive before it. At the deadline the source is cancelled first, then the
 * expiry error is signalled; a source that ends first (or a downstream cancel) disposes the
 * timer, so nothing stays armed.
 * <p>One timer task per subscription and no operator per item (re-arming {@code timeout} with
 * the time left costs a {@code Mono.delay} per value). Signals from the timer and the source
 * are serialized, so the error never overlaps an {@code onNext} in flight.
 */
public final class Deadline {

    private Deadline() {}

    /**
     * Bounds {@code source} by one deadline on {@code Schedulers.parallel()}, looked up at
     * subscription so that {@code StepVerifier.withVirtualTime} replaces it.
     *
     * @param source the values to bound
     * @param total the time allowed for the whole of {@code source}, counted from subscription
     * @param onExpiry the error to signal at the deadline
     * @param <T> the value type
     * @return a cold {@code Flux} with {@code source}'s signals, or {@code onExpiry}'s error
     */
    public static <T> Flux<T> over(Flux<T> source, Duration total, Supplier<? extends Throwable> onExpiry) {
        return create(source, total, null, onExpiry);
    }

    /**
     * Bounds {@code source} by one deadline on {@code timer}.
     *
     * @param source the values to bound
     * @param total the time allowed for the whole of {@code source}, counted from subscription
     * @param timer the scheduler that runs the deadline
     * @param onExpiry the error to signal at the deadline
     * @param <T> the value type
     * @return a cold {@code Flux} with {@code source}'s signals, or {@code onExpiry}'s error
     */
    public static <T> Flux<T> over(
            Flux<T> source, Duration total, Scheduler timer, Supplier<? extends Throwable> onExpiry) {
        return create(source, total, Objects.requireNonNull(timer, "timer"), onExpiry);
    }

    private static <T> Flux<T> create(
            Flux<T> source, Duration total, @Nullable Scheduler timer, Supplier<? extends Throwable> onExpiry) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(onExpiry, "onExpiry");
        if (total.isNegative()) {
            throw new IllegalArgumentException("Deadline.over needs a duration of zero or more, but got " + total);
        }
        return Assembly.FLUX.apply(new FluxDeadline<>(source, total.toNanos(), timer, onExpiry));
    }

    static final class FluxDeadline<T> extends Flux<T> implements Scannable {
        private final Flux<T> source;
        private final long nanos;
        /** Null: {@code Schedulers.parallel()}, looked up at subscription. */
        private final @Nullable Scheduler timer;

        private final Supplier<? extends Throwable> onExpiry;

        FluxDeadline(Flux<T> source, long nanos, @Nullable Scheduler timer, Supplier<? extends Throwable> onExpiry) {
            this.source = source;
            this.nanos = nanos;
            this.timer = timer;
            this.onExpiry = onExpiry;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Scheduler t = timer != null ? timer : Schedulers.parallel();
            source.subscribe(new Main<>(actual, nanos, t, onExpiry));
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return source;
            }
            if (key == Attr.PREFETCH) {
                return getPrefetch(); // requests pass through, as in Reactor's own operators
            }
            if (key == Attr.RUN_ON) {
                return timer != null ? timer : Schedulers.parallel();
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }
    }

    static final class Main<T> implements CoreSubscriber<T>, Subscription, Scannable, Runnable {

        static final int ACTIVE = 0;
        /** The source ended first (or the timer could not be scheduled). */
        static final int DONE = 1;

        static final int EXPIRED = 2;
        static final int CANCELLED = 3;

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Main> STATE = AtomicIntegerFieldUpdater.newUpdater(Main.class, "state");

        final CoreSubscriber<? super T> actual;
        /** {@link #actual} behind a serializer: the timer's error may race the source's onNext. */
        final CoreSubscriber<? super T> serial;

        final long nanos;
        final Scheduler timer;
        final Supplier<? extends Throwable> onExpiry;
        volatile int state;
        /** Written once, in onSubscribe, before the timer is scheduled. */
        @Nullable
        Subscription s;

        volatile @Nullable Disposable task;

        Main(CoreSubscriber<? super T> actual, long nanos, Scheduler timer, Supplier<? extends Throwable> onExpiry) {
            this.actual = actual;
            this.serial = Operators.serialize(actual);
            this.nanos = nanos;
            this.timer = timer;
            this.onExpiry = onExpiry;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (!Operators.validate(s, subscription)) {
                return;
            }
            s = subscription;
            serial.onSubscribe(this);
            if (state != ACTIVE) {
                return; // cancelled inside onSubscribe: arm nothing
            }
            Disposable t;
            try {
                t = timer.schedule(this, nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                if (STATE.compareAndSet(this, ACTIVE, DONE)) {
                    subscription.cancel();
                    serial.onError(Operators.onRejectedExecution(e, actual.currentContext()));
                }
                return;
            }
            task = t;
            if (state != ACTIVE) {
                t.dispose(); // the source ended or was cancelled while the timer was being armed
            }
        }

        /** The deadline. */
        @Override
        public void run() {
            if (STATE.compareAndSet(this, ACTIVE, EXPIRED)) {
                Subscription a = s;
                if (a != null) {
                    a.cancel(); // the source stops first, then the caller hears of it
                }
                Throwable error;
                try {
                    error = Objects.requireNonNull(onExpiry.get(), "onExpiry returned null");
                } catch (Throwable e) {
                    error = e;
                }
                serial.onError(error);
            }
        }

        private void disarm() {
            Disposable t = task;
            if (t != null) {
                t.dispose();
            }
        }

        @Override
        public void onNext(T value) {
            if (state == ACTIVE) {
                serial.onNext(value);
            } else {
                Operators.onDiscard(value, actual.currentContext()); // arrived past the deadline
            }
        }

        @Override
        public void onError(Throwable error) {
            if (STATE.compareAndSet(this, ACTIVE, DONE)) {
                disarm();
                serial.onError(error);
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (STATE.compareAndSet(this, ACTIVE, DONE)) {
                disarm();
                serial.onComplete();
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
            if (STATE.compareAndSet(this, ACTIVE, CANCELLED)) {
                disarm();
            }
            Subscription a = s;
            if (a != null) {
                a.cancel();
            }
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
                return state == CANCELLED;
            }
            if (key == Attr.TERMINATED) {
                int st = state;
                return st == DONE || st == EXPIRED;
            }
            if (key == Attr.RUN_ON) {
                return timer;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }
    }
}
