package dev.reactio;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.MonoSink;

/**
 * One subscription of {@link Aio#wait(java.util.Collection, ReturnWhen)}, coordinating its tasks
 * as reactor-core's {@code MonoWhen.WhenCoordinator} coordinates its sources: listens to every
 * task (without retrieving anything) and completes when the {@link ReturnWhen} condition holds.
 * Never cancels a task; on completion, timeout or cancellation it removes its listeners so a
 * long-lived task does not accumulate dead ones.
 */
final class WaitCoordinator<T> implements Consumer<Task<T>> {

    private final List<Task<T>> tasks;
    private final ReturnWhen when;
    private final MonoSink<WaitResult<T>> sink;
    /** Tasks whose completion this object has not yet counted. */
    private final AtomicInteger remaining;
    /** Set once the result was sent, the timeout fired or the subscriber cancelled. */
    private volatile boolean disposed;

    private WaitCoordinator(List<Task<T>> tasks, ReturnWhen when, MonoSink<WaitResult<T>> sink) {
        this.tasks = tasks;
        this.when = when;
        this.sink = sink;
        this.remaining = new AtomicInteger(tasks.size());
    }

    static <T> void start(List<Task<T>> tasks, ReturnWhen when, MonoSink<WaitResult<T>> sink) {
        WaitCoordinator<T> w = new WaitCoordinator<>(tasks, when, sink);
        sink.onDispose(w::removeListeners);
        for (Task<T> task : tasks) {
            if (w.disposed) {
                return; // satisfied (or cancelled) already: adding more listeners would only leak
            }
            if (!task.addListener(w)) {
                w.accept(task); // already done
            }
        }
    }

    @Override
    public void accept(Task<T> task) {
        boolean allDone = remaining.decrementAndGet() == 0;
        boolean satisfied = switch (when) {
            case FIRST_COMPLETED -> true;
            case FIRST_EXCEPTION -> allDone || task.failed();
            case ALL_COMPLETED -> allDone;
        };
        if (satisfied) {
            sink.success(snapshot(tasks)); // idempotent: only the first call is delivered
        }
    }

    private void removeListeners() {
        disposed = true;
        for (Task<T> task : tasks) {
            task.removeListener(this);
        }
    }

    static <T> WaitResult<T> snapshot(List<Task<T>> tasks) {
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (Task<T> t : tasks) {
            (t.done() ? done : pending).add(t);
        }
        return new WaitResult<>(done, pending);
    }
}
