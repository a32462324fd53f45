package dev.reactio.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * {@code Aio.toThread} and {@code Aio.runInExecutor}: runs a blocking {@link Callable} on
 * another thread and completes with its result. A {@link FutureTask} carries the call so that
 * cancelling the {@code Mono} interrupts the thread if the call is still running.
 */
public final class RunInExecutor {

    private RunInExecutor() {}

    /**
     * Runs {@code call} on {@code executor} when subscribed.
     *
     * @param executor where to run, or {@code null} for {@code Schedulers.boundedElastic()}
     * @param call the blocking work
     * @param <T> the result type
     * @return a cold {@code Mono} with the call's result (empty for {@code null})
     */
    public static <T> Mono<T> run(@Nullable Executor executor, Callable<T> call) {
        return Mono.create(sink -> {
            Call<T> task = new Call<>(call, sink);
            // Cancel before the call runs: it never starts. While it runs: interrupt its thread.
            sink.onCancel(() -> task.cancel(true));
            // The call sees the subscriber's ThreadLocals (automatic context propagation), on
            // a plain executor as on a Reactor scheduler.
            Runnable run = ThreadLocalContext.wrap(sink.contextView(), task);
            try {
                if (executor == null) {
                    Schedulers.boundedElastic().schedule(run);
                } else {
                    executor.execute(run);
                }
            } catch (RejectedExecutionException e) {
                sink.error(e);
            }
        });
    }

    private static final class Call<T> extends FutureTask<T> {
        private final MonoSink<T> sink;

        Call(Callable<T> call, MonoSink<T> sink) {
            super(call);
            this.sink = sink;
        }

        @Override
        protected void done() {
            if (isCancelled()) {
                return; // the subscriber cancelled: nobody is waiting
            }
            try {
                T value = get();
                if (value == null) {
                    sink.success();
                } else {
                    sink.success(value);
                }
            } catch (ExecutionException e) {
                sink.error(e.getCause() != null ? e.getCause() : e);
            } catch (InterruptedException | CancellationException e) {
                // Not possible: done() runs after the outcome is set and isCancelled() was false.
                sink.error(e);
            }
        }
    }
}
