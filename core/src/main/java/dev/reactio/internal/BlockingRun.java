package dev.reactio.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The subscriber behind {@code Aio.run}: subscribes on the calling thread, then parks it until
 * the {@code Mono} terminates. An interrupt cancels the {@code Mono}.
 *
 * @param <T> the value type
 */
public final class BlockingRun<T> implements CoreSubscriber<T>, Scannable, GrantReceiver {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<BlockingRun, Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(BlockingRun.class, Subscription.class, "s");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<BlockingRun> OUTCOME =
            AtomicIntegerFieldUpdater.newUpdater(BlockingRun.class, "outcome");

    private static final int PENDING = 0;
    private static final int SIGNALLED = 1;
    private static final int INTERRUPTED = 2;

    private final CountDownLatch latch = new CountDownLatch(1);
    private final Context context;
    /** Who won: the first signal from {@code main}, or the interrupt. Decided once. */
    private volatile int outcome;
    /** A signal that lost to the interrupt: a grant in it goes back to its primitive. */
    private volatile boolean dropped;

    private volatile @Nullable Subscription s;
    /** Written before {@link #latch} counts down. */
    private @Nullable T value;

    private @Nullable Throwable error;

    private BlockingRun(Context context) {
        this.context = context;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return s;
        }
        if (key == Attr.CANCELLED) {
            return outcome == INTERRUPTED;
        }
        if (key == Attr.TERMINATED) {
            return outcome == SIGNALLED;
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
     * Runs {@code main} to completion on the calling thread's behalf.
     *
     * @param main the coroutine
     * @param <T> the value type
     * @return its value, or {@code null} if it completed empty
     * @throws CancellationException if the thread was interrupted (its flag stays set)
     * @throws RuntimeException {@code main}'s error, as {@code Task.result()} rethrows it
     */
    public static <T> @Nullable T block(Mono<T> main) {
        return block(main, Context.empty());
    }

    /**
     * Runs {@code main} to completion with {@code context} as the subscriber's context; see
     * {@link #block(Mono)}.
     *
     * @param main the coroutine
     * @param context the context {@code main} sees
     * @param <T> the value type
     * @return its value, or {@code null} if it completed empty
     */
    public static <T> @Nullable T block(Mono<T> main, Context context) {
        BlockingRun<T> run = new BlockingRun<>(context);
        main.subscribe(run);
        try {
            run.latch.await();
        } catch (InterruptedException e) {
            if (!OUTCOME.compareAndSet(run, PENDING, INTERRUPTED)) {
                // main signalled first: its outcome (a lock, a queue item...) is ours, and its
                // terminal signal follows at once. Return it; the interrupt flag stays set.
                run.awaitUninterruptibly();
                Thread.currentThread().interrupt();
                return run.result();
            }
            Operators.terminate(S, run);
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("Aio.run was interrupted; main was cancelled");
            ce.initCause(e);
            throw ce;
        }
        return run.result();
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        for (; ; ) {
            try {
                latch.await();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private @Nullable T result() {
        Throwable err = error;
        if (err != null) {
            throw rethrow(err);
        }
        return value;
    }

    @Override
    public boolean grantUnused(boolean lateCancel, boolean valueless) {
        return dropped;
    }

    private boolean accept() {
        if (outcome == SIGNALLED || OUTCOME.compareAndSet(this, PENDING, SIGNALLED)) {
            return true;
        }
        dropped = true;
        return false;
    }

    /**
     * Rethrows a coroutine's error the way {@code Aio.run} and {@code Task.result()} promise: an
     * unchecked exception or {@link Error} as is, a checked one wrapped in
     * {@link java.util.concurrent.CompletionException}.
     *
     * @param error the error
     * @return never returns normally; declared so callers can write {@code throw rethrow(e)}
     */
    public static RuntimeException rethrow(Throwable error) {
        if (error instanceof RuntimeException re) {
            throw re;
        }
        if (error instanceof Error er) {
            throw er;
        }
        throw new java.util.concurrent.CompletionException(error);
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        if (Operators.setOnce(S, this, subscription)) {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(T t) {
        if (accept()) {
            value = t;
        } else {
            Operators.onDiscard(t, currentContext());
        }
    }

    @Override
    public void onError(Throwable t) {
        if (accept()) {
            error = t;
            latch.countDown();
        } else {
            Operators.onErrorDropped(t, currentContext());
        }
    }

    @Override
    public void onComplete() {
        if (accept()) {
            latch.countDown();
        }
    }
}
