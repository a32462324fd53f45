package dev.reactio.internal;

import dev.reactio.Emitter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Aio.generator}: a pull-based async generator. The body starts on the first request;
 * each {@code emit(v)} delivers {@code v} when there is demand and completes only when there is
 * demand for the <em>next</em> value, so the body is suspended at its {@code yield} exactly like
 * a Python async generator between two {@code __anext__} calls. At most one value is ever held.
 * <p>All hand-offs go through one drain loop ({@link #wip}), so an emit that completes
 * synchronously and a body that emits again synchronously never grow the stack.
 *
 * @param <T> the type of the values
 */
public final class FluxGenerator<T> extends Flux<T> implements Scannable {

    private final Function<Emitter<T>, Mono<Void>> body;

    /**
     * Creates the generator.
     *
     * @param body the generator body, called once per subscription
     */
    public FluxGenerator(Function<Emitter<T>, Mono<Void>> body) {
        this.body = Objects.requireNonNull(body, "body");
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        actual.onSubscribe(new GeneratorSubscription<>(actual, body));
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    /** One subscription: the consumer's {@code Subscription}, the body's subscriber and its {@code Emitter}. */
    static final class GeneratorSubscription<T> implements Subscription, Emitter<T>, CoreSubscriber<Void>, Scannable {

        @SuppressWarnings("rawtypes")
        static final AtomicLongFieldUpdater<GeneratorSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(GeneratorSubscription.class, "requested");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<GeneratorSubscription> WIP =
                AtomicIntegerFieldUpdater.newUpdater(GeneratorSubscription.class, "wip");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<GeneratorSubscription> STARTED =
                AtomicIntegerFieldUpdater.newUpdater(GeneratorSubscription.class, "started");

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<GeneratorSubscription, Pending> PENDING =
                AtomicReferenceFieldUpdater.newUpdater(GeneratorSubscription.class, Pending.class, "pending");

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<GeneratorSubscription, Subscription> BODY =
                AtomicReferenceFieldUpdater.newUpdater(
                        GeneratorSubscription.class, Subscription.class, "bodySubscription");

        final CoreSubscriber<? super T> actual;
        final Function<Emitter<T>, Mono<Void>> bodyFunction;

        volatile long requested;
        volatile int wip;
        volatile int started;
        /** The value of the body's current {@code emit}, set by CAS from null; cleared by the drain loop. */
        volatile @Nullable Pending<T> pending;

        volatile @Nullable Subscription bodySubscription;
        volatile boolean bodyDone;
        /** Written before {@link #bodyDone}. */
        @Nullable
        Throwable bodyError;

        volatile boolean cancelled;
        /** Only touched inside the drain loop. */
        boolean terminated;

        GeneratorSubscription(CoreSubscriber<? super T> actual, Function<Emitter<T>, Mono<Void>> bodyFunction) {
            this.actual = actual;
            this.bodyFunction = bodyFunction;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return bodySubscription;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return terminated && !cancelled;
            }
            if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
                return requested;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }

        // -- Subscription (consumer side)

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            Operators.addCap(REQUESTED, this, n);
            if (started == 0 && STARTED.compareAndSet(this, 0, 1)) {
                // The first request may come from any thread: the body sees the consumer's
                // ThreadLocals (automatic context propagation), not that thread's.
                ThreadLocalContext.runWith(currentContext(), this::startBody);
            }
            drain();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Operators.terminate(BODY, this); // runs the body's cleanup (aclose)
            drain();
        }

        private void startBody() {
            Mono<Void> mono;
            try {
                mono = Objects.requireNonNull(bodyFunction.apply(this), "generator body returned a null Mono");
            } catch (Throwable e) {
                Exceptions.throwIfJvmFatal(e);
                onError(e);
                return;
            }
            mono.subscribe(this);
        }

        // -- Emitter (body side)

        @Override
        public Mono<Void> emit(T value) {
            Objects.requireNonNull(value, "value");
            return Mono.create(sink -> offer(value, sink));
        }

        private void offer(T value, MonoSink<Void> sink) {
            Pending<T> p = new Pending<>(value, sink);
            if (!PENDING.compareAndSet(this, null, p)) {
                sink.error(new IllegalStateException(
                        "emit() called before the previous emit() completed: chain each emit into the generator body"));
                return;
            }
            // If the body cancels this emit (the generator was cancelled), the value is discarded
            // unless the drain loop already delivered it.
            sink.onCancel(() -> {
                if (PENDING.compareAndSet(this, p, null)) {
                    p.discard(currentContext());
                }
            });
            drain();
        }

        // -- CoreSubscriber<Void> (the body's terminal signals)

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.setOnce(BODY, this, s)) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(Void unused) {
            // A Mono<Void> has no values.
        }

        @Override
        public void onError(Throwable error) {
            if (cancelled || bodyDone) {
                Operators.onErrorDropped(error, currentContext()); // nobody is listening any more
                return;
            }
            bodyError = error;
            bodyDone = true;
            drain();
        }

        @Override
        public void onComplete() {
            bodyDone = true;
            drain();
        }

        // -- The drain loop: the only place that signals the consumer or resumes the body

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (; ; ) {
                if (terminated || cancelled) {
                    // Cancelled, or an emit that came after the end: its value goes to the
                    // discard hook (Operators.onDiscard), as no consumer will see it.
                    terminated = true;
                    Pending<T> left = PENDING.getAndSet(this, null);
                    if (left != null) {
                        left.discard(currentContext());
                    }
                    missed = WIP.addAndGet(this, -missed);
                    if (missed == 0) {
                        return;
                    }
                    continue;
                }
                Pending<T> p = pending;
                if (p != null) {
                    if (p.state == Pending.WAITING && requested > 0) {
                        if (!Pending.STATE.compareAndSet(p, Pending.WAITING, Pending.DELIVERED)) {
                            continue; // the emit was cancelled and its value discarded
                        }
                        if (requested != Long.MAX_VALUE) {
                            REQUESTED.decrementAndGet(this);
                        }
                        actual.onNext(p.value);
                        continue; // onNext may have requested or cancelled: look again
                    }
                    if (p.state == Pending.DELIVERED && requested > 0) {
                        PENDING.compareAndSet(this, p, null);
                        p.sink.success(); // resumes the body, possibly re-entering offer()
                        continue;
                    }
                }
                if (bodyDone) {
                    Throwable e = bodyError;
                    if (e != null) {
                        // Errors need no demand; an undelivered value of a failed body is discarded
                        // by the next turn of the loop.
                        terminated = true;
                        actual.onError(e);
                        continue;
                    }
                    Pending<T> last = pending;
                    if (last == null || last.state == Pending.DELIVERED) {
                        terminated = true;
                        actual.onComplete();
                        continue;
                    }
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }

    /** One value the body is trying to yield, and the body's continuation. */
    static final class Pending<T> {
        static final int WAITING = 0;
        static final int DELIVERED = 1;
        static final int DISCARDED = 2;

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Pending> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Pending.class, "state");

        final T value;
        final MonoSink<Void> sink;
        /** {@link #WAITING}, then {@link #DELIVERED} by the drain loop or {@link #DISCARDED}, by CAS. */
        volatile int state;

        Pending(T value, MonoSink<Void> sink) {
            this.value = value;
            this.sink = sink;
        }

        /** Discards the value unless it was delivered (or already discarded). */
        void discard(Context context) {
            if (STATE.compareAndSet(this, WAITING, DISCARDED)) {
                Operators.onDiscard(value, context);
            }
        }
    }
}
