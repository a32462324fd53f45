package dev.reactio.internal;

import dev.reactio.Outcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@code Aio.gather} and {@code Aio.gatherSettled}: {@code Mono.zip}'s algorithm (subscribe to
 * all, one slot per source, first error cancels the rest, cancel cancels all) with asyncio's
 * rules on top: a source that completes empty fills its slot with {@code null} instead of
 * emptying the whole result, and in settled mode an error fills its slot with an
 * {@link Outcome.Failure} instead of failing the whole.
 * <p>Scalar sources ({@code Mono.just}, {@code Mono.empty}) are read without subscribing, as
 * {@code Flux.zip} does, which is what keeps a gather of many cheap sources as fast as a
 * hand-written {@code Mono.zip}.
 *
 * @param <T> the sources' value type
 */
public final class MonoGather<T> extends Mono<List<@Nullable Object>> implements Scannable {

    private final Mono<? extends T>[] sources;
    private final boolean settled;

    /**
     * Creates the operator.
     *
     * @param sources the sources, already null-checked and copied
     * @param settled {@code true} for {@code gatherSettled} (slots are {@link Outcome}s)
     */
    public MonoGather(Mono<? extends T>[] sources, boolean settled) {
        this.sources = sources;
        this.settled = settled;
    }

    @Override
    public void subscribe(CoreSubscriber<? super List<@Nullable Object>> actual) {
        Coordinator<T> parent = new Coordinator<>(actual, sources.length, settled);
        actual.onSubscribe(parent);
        parent.subscribe(sources);
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PREFETCH) {
            return Integer.MAX_VALUE;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    static final class Coordinator<T> extends Operators.MonoSubscriber<Object, List<@Nullable Object>> {

        /** Slot i: written by source i by CAS from null, taken by the discard of a failed gather. */
        static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
        /** Marks a slot whose value was taken for discarding: a later value is discarded at once. */
        static final Object DISCARDED = new Object();

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Coordinator> REMAINING =
                AtomicIntegerFieldUpdater.newUpdater(Coordinator.class, "remaining");

        @SuppressWarnings("rawtypes")
        static final AtomicIntegerFieldUpdater<Coordinator> TERMINATED =
                AtomicIntegerFieldUpdater.newUpdater(Coordinator.class, "terminated");

        final boolean settled;
        /** Slot i is written only by source i, before it decrements {@link #remaining}. */
        final @Nullable Object[] values;

        final Inner<T>[] inners;
        /** Sources not finished yet; the one that brings it to 0 publishes {@link #values}. */
        volatile int remaining;
        /** 1 once the result or an error went downstream, or downstream cancelled. */
        volatile int terminated;
        /** Set as the gather fails or is cancelled, before its sources are cancelled. */
        volatile boolean failed;

        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array of inners
        Coordinator(CoreSubscriber<? super List<@Nullable Object>> actual, int n, boolean settled) {
            super(actual);
            this.settled = settled;
            this.values = new Object[n];
            this.inners = new Inner[n];
            REMAINING.lazySet(this, n);
        }

        void subscribe(Mono<? extends T>[] sources) {
            if (sources.length == 0) {
                TERMINATED.lazySet(this, 1);
                complete(Collections.emptyList());
                return;
            }
            // Scalar sources are counted down together after the loop: one atomic per value
            // (store's CAS) instead of two. Completion cannot happen before the loop ends anyway.
            int scalarsDone = 0;
            for (int i = 0; i < sources.length; i++) {
                if (terminated != 0) {
                    return; // an earlier source failed synchronously, or downstream cancelled
                }
                Mono<? extends T> source = sources[i];
                if (source instanceof Fuseable.ScalarCallable<?> scalar) {
                    Object v;
                    try {
                        v = scalar.call();
                    } catch (Throwable e) {
                        innerError(i, Operators.onOperatorError(e, currentContext()));
                        continue;
                    }
                    store(i, v);
                    scalarsDone++;
                    continue;
                }
                Inner<T> inner = new Inner<>(this, i);
                inners[i] = inner;
                source.subscribe(inner);
            }
            if (scalarsDone > 0) {
                finish(scalarsDone);
            }
        }

        void innerValue(int index, @Nullable Object value) {
            store(index, value);
        }

        /**
         * Fills slot {@code index}, unless the gather already failed or was cancelled and took
         * its values for discarding: then the value is discarded too.
         */
        private void store(int index, @Nullable Object value) {
            if (value == null && !settled) {
                return; // the slot is already null
            }
            Object slot = settled ? new Outcome.Success<>(value) : value;
            if (!SLOT.compareAndSet(values, index, (Object) null, slot) && value != null) {
                Operators.onDiscard(value, currentContext());
            }
        }

        /**
         * Discards the values collected so far, as {@code Mono.zip} does when it fails or is
         * cancelled; a value that arrives later is discarded by {@link #store}.
         */
        private void discardValues() {
            List<Object> collected = null;
            for (int i = 0; i < values.length; i++) {
                Object slot = SLOT.getAndSet(values, i, DISCARDED);
                if (slot instanceof Outcome.Success<?> success) {
                    slot = success.value();
                } else if (slot instanceof Outcome.Failure<?>) {
                    slot = null;
                }
                if (slot != null && slot != DISCARDED) {
                    if (collected == null) {
                        collected = new ArrayList<>();
                    }
                    collected.add(slot);
                }
            }
            if (collected != null) {
                Operators.onDiscardMultiple(collected, currentContext());
            }
        }

        void innerError(int index, Throwable error) {
            if (settled) {
                if (!SLOT.compareAndSet(values, index, (Object) null, new Outcome.Failure<>(error))) {
                    Operators.onErrorDropped(error, currentContext()); // the gather was cancelled
                }
                finishOne();
                return;
            }
            if (TERMINATED.compareAndSet(this, 0, 1)) {
                failed = true;
                cancelInners();
                discardValues();
                actual.onError(error);
            } else {
                Operators.onErrorDropped(error, currentContext());
            }
        }

        void finishOne() {
            finish(1);
        }

        /** {@code count} sources finished; the call that brings {@link #remaining} to 0 publishes the values. */
        private void finish(int count) {
            if (REMAINING.addAndGet(this, -count) == 0 && TERMINATED.compareAndSet(this, 0, 1)) {
                complete(Collections.unmodifiableList(Arrays.asList(values)));
            }
        }

        void cancelInners() {
            for (Inner<T> inner : inners) {
                if (inner != null) {
                    inner.cancel();
                }
            }
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            if (key == Attr.TERMINATED) {
                return terminated != 0 && !isCancelled();
            }
            return super.scanUnsafe(key);
        }

        @Override
        public Stream<? extends Scannable> inners() {
            return Stream.of(inners).filter(Objects::nonNull);
        }

        @Override
        public void cancel() {
            super.cancel();
            if (TERMINATED.compareAndSet(this, 0, 1)) {
                failed = true;
                cancelInners();
                discardValues();
            }
        }
    }

    static final class Inner<T> implements CoreSubscriber<T>, Scannable, GrantReceiver {

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<Inner, Subscription> S =
                AtomicReferenceFieldUpdater.newUpdater(Inner.class, Subscription.class, "s");

        final Coordinator<T> parent;
        final int index;
        volatile @Nullable Subscription s;
        /** Only touched by this source's own serialized signals. */
        boolean sawValue;

        boolean done;

        Inner(Coordinator<T> parent, int index) {
            this.parent = parent;
            this.index = index;
        }

        @Override
        public Context currentContext() {
            return parent.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.setOnce(S, this, subscription)) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(T value) {
            if (done) {
                Operators.onNextDropped(value, currentContext());
                return;
            }
            sawValue = true;
            parent.innerValue(index, value);
        }

        @Override
        public void onError(Throwable error) {
            if (done) {
                Operators.onErrorDropped(error, currentContext());
                return;
            }
            done = true;
            parent.innerError(index, error);
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            if (!sawValue) {
                parent.innerValue(index, null); // asyncio: a coroutine returning None fills its slot
            }
            parent.finishOne();
        }

        void cancel() {
            Operators.terminate(S, this);
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return s;
            }
            if (key == Attr.ACTUAL) {
                return parent;
            }
            if (key == Attr.CANCELLED) {
                return s == Operators.cancelledSubscription() && !done;
            }
            if (key == Attr.TERMINATED) {
                return done;
            }
            if (key == Attr.PREFETCH) {
                return Integer.MAX_VALUE;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return null;
        }

        /**
         * A grant (lock, permit, item) given to one source of a gather that then failed or was
         * cancelled never reaches anyone: it goes back, whether it came before or after the end.
         */
        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            return parent.failed;
        }
    }
}
