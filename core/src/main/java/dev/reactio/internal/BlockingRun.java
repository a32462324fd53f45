package dev.reactio.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The subscriber behind {@code Aio.run}: subscribes on the calling thread, then parks it until
 * the {@code Mono} terminates. An interrupt cancels the {@code Mono}.
 *
 * @param <T> the value type
 */
public final class BlockingRun<T> implements CoreSubscriber<T> {

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<BlockingRun, Subscription> S =
            AtomicReferenceFieldUpdater.newUpdater(BlockingRun.class, Subscription.class, "s");

    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile @Nullable Subscription s;
    /** Written before {@link #latch} counts down. */
    private @Nullable T value;
    private @Nullable Throwable error;

    private BlockingRun() {
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
        BlockingRun<T> run = new BlockingRun<>();
        main.subscribe(run);
        try {
            run.latch.await();
        } catch (InterruptedException e) {
            Operators.terminate(S, run);
            Thread.currentThread().interrupt();
            CancellationException ce = new CancellationException("Aio.run was interrupted; main was cancelled");
            ce.initCause(e);
            throw ce;
        }
        Throwable err = run.error;
        if (err != null) {
            throw rethrow(err);
        }
        return run.value;
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
        value = t;
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        latch.countDown();
    }

    @Override
    public void onComplete() {
        latch.countDown();
    }
}
