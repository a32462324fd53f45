package dev.reactio;

import dev.reactio.internal.ThreadLocalContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.context.ContextView;

/**
 * Structured concurrency: Reactio's {@code asyncio.TaskGroup} (Python 3.11+). The group's
 * {@link #run(Function) run} completes only after its body and every task created in the
 * group are done; the first failure cancels everything else.
 *
 * <pre>{@code
 * List<String> both = Aio.run(TaskGroup.run(tg -> {
 *     Task<String> a = tg.createTask(fetchData(1));
 *     Task<String> b = tg.createTask(fetchData(2));
 *     return Mono.fromSupplier(() -> List.of(a.result(), b.result()))
 *             .delaySubscription(Mono.when(a.await(), b.await()));
 * }));
 * }</pre>
 *
 * <h2>Failure</h2>
 * The first task failure other than cancellation cancels the body and every other task of the
 * group; {@code run} then errors with {@link TaskGroupException} listing every failure in the
 * order it happened, a failure of the body itself included (as asyncio does). A task cancelled
 * on its own (by {@link Task#cancel()}) is not a failure.
 *
 * <h2>Cancellation</h2>
 * Cancelling the {@code Mono} returned by {@code run} cancels the body and every task. A body
 * that itself ends with {@link java.util.concurrent.CancellationException} (for example by
 * awaiting a cancelled task) is not a failure: once every task is done, {@code run} errors with
 * that {@code CancellationException}, as asyncio re-raises {@code CancelledError}.
 *
 * <h2>Threads</h2>
 * This class is threadsafe: tasks may be created from any thread while the group is running.
 * Tasks run with the Reactor {@code Context} of the subscriber of {@code run}, plus, with
 * Reactor's automatic context propagation on, the {@code ThreadLocal}s of the thread that calls
 * {@link #createTask(Mono)} (see {@link Task}, "Context propagation").
 *
 * @see Aio#gather(List)
 */
public final class TaskGroup {

    private enum Phase {
        RUNNING,
        SHUTTING_DOWN,
        FINISHED
    }

    private final ContextView context;
    /** Guards this object's state; private, so that a user's {@code synchronized} on this object cannot share it. */
    private final Object monitor = new Object();

    private final MonoSink<Object> sink;
    /** Listens to every child task; the same object for all, so registration is allocation-free. */
    private final Consumer<Task<?>> childListener = this::childDone;

    // All guarded by `this`.
    private Phase phase = Phase.RUNNING;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private @Nullable Task<?> bodyTask;
    private boolean bodyDone;
    private @Nullable Object bodyValue;
    /** The body's own CancellationException, re-raised if nothing failed (asyncio does). */
    private @Nullable Throwable bodyCancellation;

    private TaskGroup(MonoSink<Object> sink) {
        this.sink = sink;
        this.context = sink.contextView();
    }

    /**
     * Runs {@code body} with a new task group and completes with the body's value once the body
     * and all the group's tasks are done: {@code async with asyncio.TaskGroup() as tg:}.
     * <p>Nothing happens until subscribed; each subscription runs {@code body} with a new group.
     * <p>Cancelling the returned {@code Mono} cancels the body and every task of the group.
     * <p>Errors with {@link TaskGroupException} if the body or any task failed; the first
     * failure cancelled the rest.
     *
     * @param body builds the body from the group; called at subscription
     * @param <T> the body's value type
     * @return a cold {@code Mono} with the body's value (empty if the body completed empty)
     */
    public static <T> Mono<T> run(Function<TaskGroup, ? extends Mono<T>> body) {
        Objects.requireNonNull(body, "body");
        return Mono.<T>create(sink -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            TaskGroup group = new TaskGroup((MonoSink) sink);
            sink.onCancel(group::cancelAll);
            group.start(body);
        });
    }

    /**
     * Creates a task in this group: {@code tg.create_task(coro)}. The task starts at once and
     * runs with the group's Reactor {@code Context}, plus, with Reactor's automatic context
     * propagation on, the calling thread's registered {@code ThreadLocal}s as they are now.
     *
     * @param coro the coroutine to run
     * @param <R> the task's value type
     * @return the running task
     * @throws IllegalStateException if the group has finished or is shutting down after a
     *     failure or cancellation
     */
    public <R> Task<R> createTask(Mono<R> coro) {
        return createTask(coro, null);
    }

    /**
     * Creates a named task in this group; see {@link #createTask(Mono)}.
     *
     * @param coro the coroutine to run
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param <R> the task's value type
     * @return the running task
     * @throws IllegalStateException if the group has finished or is shutting down
     */
    public <R> Task<R> createTask(Mono<R> coro, @Nullable String name) {
        Objects.requireNonNull(coro, "coro");
        // asyncio's tg.create_task copies the caller's context: the creating thread's
        // ThreadLocals, with automatic context propagation, on top of the group's Context.
        Task<R> task = Task.unstarted(name, ThreadLocalContext.capture(context));
        synchronized (monitor) {
            if (phase == Phase.FINISHED) {
                throw new IllegalStateException("TaskGroup is finished: create tasks inside the group's body");
            }
            if (phase == Phase.SHUTTING_DOWN) {
                throw new IllegalStateException(
                        "TaskGroup is shutting down (a task failed or the group was cancelled)");
            }
            tasks.add(task);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Consumer<Task<R>> listener = (Consumer) childListener;
        task.addListener(listener);
        // Started outside the lock: the coroutine may run user code synchronously.
        task.start(coro);
        return task;
    }

    private void start(Function<TaskGroup, ? extends Mono<?>> body) {
        Mono<?> mono;
        try {
            mono = Objects.requireNonNull(body.apply(this), "TaskGroup body returned a null Mono");
        } catch (Throwable e) {
            Exceptions.throwIfJvmFatal(e);
            bodyFunctionFailed(e);
            return;
        }
        Task<Object> task = Task.unstarted("TaskGroup body", context);
        task.markRetrieved(); // the group reports the body's failure itself
        task.addListener(this::bodyFinished);
        boolean cancelNow;
        synchronized (monitor) {
            bodyTask = task;
            cancelNow = phase != Phase.RUNNING;
        }
        if (cancelNow) {
            task.cancel(); // a task failed while the body function was still running
        } else {
            @SuppressWarnings("unchecked")
            Mono<Object> m = (Mono<Object>) mono;
            task.start(m);
        }
    }

    /** The body function threw: a failure of the body, even if the group is already shutting down. */
    private void bodyFunctionFailed(Throwable error) {
        List<Task<?>> toCancel;
        Runnable finish;
        synchronized (monitor) {
            bodyDone = true;
            errors.add(error);
            toCancel = shutDown();
            finish = finishIfDone();
        }
        cancel(toCancel);
        finish.run();
    }

    private void bodyFinished(Task<Object> task) {
        List<Task<?>> toCancel = null;
        Runnable finish;
        synchronized (monitor) {
            bodyDone = true;
            Throwable error = task.errorOrNull();
            if (error != null) {
                errors.add(error);
                toCancel = shutDown();
            } else if (task.cancelled()) {
                bodyCancellation = task.cancellationOrNull();
            } else {
                bodyValue = task.valueOrNull();
            }
            finish = finishIfDone();
        }
        cancel(toCancel);
        finish.run();
    }

    private void childDone(Task<?> task) {
        task.markRetrieved(); // the group collects the error
        List<Task<?>> toCancel = null;
        Runnable finish;
        synchronized (monitor) {
            tasks.remove(task);
            Throwable error = task.errorOrNull();
            if (error != null) {
                errors.add(error);
                toCancel = shutDown();
            }
            finish = finishIfDone();
        }
        cancel(toCancel);
        finish.run();
    }

    /** Cancelling the {@code run} subscription. */
    private void cancelAll() {
        List<Task<?>> toCancel;
        synchronized (monitor) {
            toCancel = shutDown();
        }
        cancel(toCancel);
    }

    /** Enters SHUTTING_DOWN; returns what to cancel outside the lock. Guarded by {@code monitor}. */
    private @Nullable List<Task<?>> shutDown() {
        if (phase != Phase.RUNNING) {
            return null;
        }
        phase = Phase.SHUTTING_DOWN;
        List<Task<?>> toCancel = new ArrayList<>(tasks);
        if (bodyTask != null) {
            toCancel.add(bodyTask);
        }
        return toCancel;
    }

    /** Guarded by {@code monitor}; returns the signal to send outside the lock. */
    private Runnable finishIfDone() {
        if (!bodyDone || !tasks.isEmpty() || phase == Phase.FINISHED) {
            return () -> {};
        }
        phase = Phase.FINISHED;
        if (!errors.isEmpty()) {
            TaskGroupException e = new TaskGroupException(errors);
            return () -> sink.error(e);
        }
        Throwable cancellation = bodyCancellation;
        if (cancellation != null) {
            return () -> sink.error(cancellation);
        }
        Object value = bodyValue;
        return value == null ? sink::success : () -> sink.success(value);
    }

    private static void cancel(@Nullable List<Task<?>> toCancel) {
        if (toCancel != null) {
            for (Task<?> t : toCancel) {
                t.cancel();
            }
        }
    }

    @Override
    public String toString() {
        synchronized (monitor) {
            return "TaskGroup[" + phase.name().toLowerCase(java.util.Locale.ROOT) + ", tasks=" + tasks.size()
                    + ", errors=" + errors.size() + "]";
        }
    }
}
