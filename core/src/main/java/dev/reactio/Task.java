package dev.reactio;

import dev.reactio.internal.Assembly;
import dev.reactio.internal.BlockingRun;
import dev.reactio.internal.GrantReceiver;
import dev.reactio.internal.RunScope;
import dev.reactio.internal.ThreadLocalContext;
import dev.reactio.internal.Unretrieved;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A running coroutine: Reactio's {@code asyncio.Task}. A task subscribes to its {@code Mono}
 * as soon as it is created and runs whether or not anyone awaits it; {@link #await()} gives a
 * cold view of its outcome.
 *
 * <pre>{@code
 * Task<String> task = Aio.createTask(fetchData(1));
 * // ... do other things while it runs ...
 * String result = Aio.run(task.await());
 * }</pre>
 *
 * <h2>Threads and visibility</h2>
 * This class is threadsafe: every method may be called from any thread. The task's outcome
 * is published safely: a thread that sees {@link #done()} return {@code true} sees the value.
 * Callbacks and awaiting subscribers run on the thread that completed (or cancelled) the task.
 *
 * <h2>Cancellation</h2>
 * A task is cancelled by {@link #cancel()}, or when its {@code Mono} ends with
 * {@link CancellationException} (as an asyncio task whose coroutine raises
 * {@code CancelledError}, for example by awaiting a cancelled task). {@link #cancel()} cancels the subscription to the task's {@code Mono} at once (its
 * {@code doFinally}/{@code usingWhen} cleanup runs) and completes every awaiter with
 * {@link CancellationException}. Cancelling a subscriber of {@link #await()} cancels the task,
 * as cancellation propagates through {@code await} in asyncio; use
 * {@code Aio.shield(task.await())} to wait without that effect.
 *
 * <h2>Context propagation</h2>
 * With Micrometer's {@code io.micrometer:context-propagation} on the class path and
 * {@code Hooks.enableAutomaticContextPropagation()} on (Spring Boot:
 * {@code spring.reactor.context-propagation=auto}), a task carries the registered
 * {@code ThreadLocal}s (SLF4J's MDC, trace ids), as an asyncio task carries a copy of the
 * {@code contextvars} context it was created in. {@link Aio#createTask(Mono)} and
 * {@link TaskGroup#createTask(Mono)} copy the creating thread's values when called (later changes
 * on that thread are not seen); {@link Aio#spawn(Mono)} and {@link Aio#shield(Mono)} take the
 * subscriber's {@code Context}; {@link Aio#run(Mono)} captures its caller's values as
 * {@code Mono.block()} does. The values are then restored wherever the task's work continues:
 * after timers, {@code publishOn}/{@code subscribeOn}, a signal from a Netty event loop or any
 * other thread, in {@link Aio#toThread} and {@link Aio#runInExecutor} calls (on any
 * {@code Executor}), in generator bodies, in a {@code withLock}/{@code withPermit} body or queue
 * waiter woken by another thread, and in the "never retrieved" warning below. Awaiting a task
 * from elsewhere gives the awaiter its own values back. Without the library, or with the hook
 * off, nothing of this happens and nothing else changes.
 *
 * <h2>Errors nobody looked at</h2>
 * As in asyncio, a task that failed and whose error nobody retrieved (no {@link #await()}
 * subscriber saw it, no {@link #result()}, {@link #exception()}, {@link #onDone(Consumer)} or
 * {@link #toFuture()}) is logged once at WARN, "Task exception was never retrieved", when the
 * task is garbage-collected or, at the latest, when {@link Aio#run(Mono)} returns.
 *
 * @param <T> the type of the task's value
 * @see Aio#createTask(Mono)
 * @see TaskGroup
 */
public final class Task<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Task.class);

    /** Numbers default names, {@code Task-1}, {@code Task-2}, ... as asyncio does. */
    private static final AtomicLong COUNTER = new AtomicLong();

    /** The {@link Context} key under which a task's subscription sees the task itself. */
    private static final Object CONTEXT_KEY = new Object() {
        @Override
        public String toString() {
            return "reactio.currentTask";
        }
    };

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<Task, Object> STATE =
            AtomicReferenceFieldUpdater.newUpdater(Task.class, Object.class, "state");

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Task> RETRIEVED =
            AtomicIntegerFieldUpdater.newUpdater(Task.class, "retrieved");

    /** The outcome of a success with no value (an empty {@code Mono}); shared, immutable. */
    private static final Done EMPTY = new Done(null, null, false);

    /** The outcome of {@link #cancel()}; shared, immutable. */
    private static final Done CANCELLED = new Done(null, null, true);

    private final long id;
    private final @Nullable String name;
    /** The context the task's {@code Mono} runs with, without the task's own entry. */
    private final Context context;

    private final Body<T> body;

    /**
     * {@code null} while running with nobody waiting, a {@code Consumer[]} of awaiters and
     * callbacks (copy-on-write, in registration order) while running, or a {@link Done} once
     * finished. Changes only by CAS; a {@code Done} is never replaced.
     */
    private volatile @Nullable Object state;

    /** 1 once somebody retrieved the outcome (see class Javadoc); only ever goes 0 → 1. */
    private volatile int retrieved;

    /** Set, after the task failed unretrieved, to the pending warning; read by {@link #markRetrieved()}. */
    private volatile @Nullable Unretrieved report;

    private Task(@Nullable String name, Context context) {
        this.id = COUNTER.incrementAndGet();
        this.name = name;
        this.context = context;
        this.body = new Body<>(this);
    }

    // ---------------------------------------------------------------------------------------
    // Package-private factories (Aio, TaskGroup)

    /** Creates a task that is not started yet; call {@link #start(Mono)} next. */
    static <T> Task<T> unstarted(@Nullable String name, ContextView context) {
        return new Task<>(name, RunScope.forNewTask(context));
    }

    /** Creates and starts a task: {@code asyncio.create_task}. */
    static <T> Task<T> start(Mono<T> coro, @Nullable String name, ContextView context) {
        Objects.requireNonNull(coro, "coro");
        Task<T> task = unstarted(name, context);
        task.start(coro);
        return task;
    }

    /** Subscribes to {@code coro}, unless the task was cancelled before it started. */
    void start(Mono<T> coro) {
        if (state instanceof Done) {
            return;
        }
        try {
            // With automatic context propagation, the coroutine's synchronous part sees the
            // task's ThreadLocals, whichever thread starts it.
            ThreadLocalContext.subscribe(coro, body);
        } catch (Throwable e) {
            // A misbehaving source that throws from subscribe instead of signalling onError.
            Exceptions.throwIfJvmFatal(e);
            body.onError(Operators.onOperatorError(e, context));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Public API

    /**
     * A cold view of this task's outcome: {@code await task}.
     * <p>Each subscriber gets the task's value (empty if the task's {@code Mono} completed
     * empty), its error, or {@link CancellationException} if the task was cancelled; a finished
     * task signals at once. Subscribing does not start or restart anything: the task is already
     * running.
     * <p>Cancelling a subscriber before the task is done cancels the task, as cancellation
     * propagates through {@code await} in asyncio. Wrap it in {@link Aio#shield(Mono)} to wait
     * without that effect.
     *
     * @return a cold {@code Mono} with the task's outcome
     */
    public Mono<T> await() {
        return Assembly.MONO.apply(new Await<>(this, true));
    }

    /**
     * Tells whether the task has finished: with a value, an error, or cancelled.
     *
     * @return {@code true} once the task is done; it never becomes {@code false} again
     */
    public boolean done() {
        return state instanceof Done;
    }

    /**
     * Tells whether the task was cancelled.
     *
     * @return {@code true} if {@link #cancel()} (or a cancelled awaiter) ended the task
     */
    public boolean cancelled() {
        return state instanceof Done d && d.cancelled;
    }

    /**
     * Cancels the task: asyncio's {@code task.cancel()}. The subscription to the task's
     * {@code Mono} is cancelled at once (its cleanup runs), then every awaiter gets
     * {@link CancellationException} and the done-callbacks run.
     *
     * @return {@code false} if the task was already done; {@code true} if this call cancelled
     *     it, in which case {@link #done()} and {@link #cancelled()} already return {@code true}
     */
    public boolean cancel() {
        Object current = state;
        if (current instanceof Done) {
            return false;
        }
        // Cancel upstream first, and only then claim the outcome. A value (a lock, a permit, a
        // queue item) that was already on its way is then either handed back by the source, or
        // arrives first and the task succeeds with it (cancel() returns false); it is never
        // dropped, as it would be if the task marked itself cancelled before cancelling upstream.
        // Upstream cleanup has therefore run before any awaiter hears of the cancellation.
        Operators.terminate(Body.S, body);
        // The CancellationException is built lazily, when somebody observes it: cancelling many
        // tasks (a TaskGroup, a million sleepers) then costs no stack traces.
        Object waiters = terminate(CANCELLED);
        if (waiters == ALREADY_DONE) {
            return false;
        }
        notifyWaiters(waiters);
        return true;
    }

    /**
     * The task's value: asyncio's {@code task.result()}.
     *
     * @return the value, or {@code null} if the task's {@code Mono} completed empty
     * @throws IllegalStateException if the task is not done yet
     * @throws CancellationException if the task was cancelled
     * @throws RuntimeException the task's own unchecked exception or {@link Error}, rethrown as
     *     is; a checked one is wrapped in {@link java.util.concurrent.CompletionException}
     */
    public @Nullable T result() {
        Done d = doneOrThrow("result()");
        markRetrieved();
        if (d.error != null) {
            throw BlockingRun.rethrow(d.error);
        }
        @SuppressWarnings("unchecked")
        T value = (T) d.value;
        return value;
    }

    /**
     * The task's error: asyncio's {@code task.exception()}.
     *
     * @return the error, or {@code null} if the task succeeded
     * @throws IllegalStateException if the task is not done yet
     * @throws CancellationException if the task was cancelled
     */
    public @Nullable Throwable exception() {
        Done d = doneOrThrow("exception()");
        markRetrieved();
        return d.error;
    }

    /**
     * The task's name: {@code task.get_name()}.
     *
     * @return the name given at creation, or {@code Task-N}
     */
    public String name() {
        return name != null ? name : "Task-" + id;
    }

    /**
     * Runs {@code callback} when the task is done: asyncio's {@code add_done_callback}. Runs at
     * once, on this thread, if the task is already done; otherwise on the thread that finishes
     * the task, after the task is marked done. A callback that throws is logged and does not
     * stop the others. Registering a callback counts as retrieving the task's error.
     *
     * @param callback called once with this task
     * @return this task
     */
    public Task<T> onDone(Consumer<Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        markRetrieved();
        if (!addListener(callback)) {
            runCallback(callback);
        }
        return this;
    }

    /**
     * A {@link CompletableFuture} completed with the task's outcome (cancelled if the task was).
     * Cancelling the future cancels the task.
     *
     * @return a new future bound to this task
     */
    public CompletableFuture<T> toFuture() {
        CompletableFuture<T> future = new CompletableFuture<>();
        onDone(t -> {
            Done d = (Done) Objects.requireNonNull(t.state);
            if (d.cancelled) {
                future.cancel(false);
            } else if (d.error != null) {
                future.completeExceptionally(d.error);
            } else {
                @SuppressWarnings("unchecked")
                T value = (T) d.value;
                future.complete(value);
            }
        });
        future.whenComplete((v, e) -> {
            if (future.isCancelled()) {
                cancel();
            }
        });
        return future;
    }

    /**
     * The task whose {@code Mono} runs with {@code context}: asyncio's {@code current_task()}.
     * Read it inside a task with {@code Mono.deferContextual(ctx -> ... Task.current(ctx) ...)}.
     *
     * @param context the Reactor context seen by an operator
     * @return the innermost task in that context, or empty outside any task
     */
    public static Optional<Task<?>> current(ContextView context) {
        return context.getOrEmpty(CONTEXT_KEY);
    }

    @Override
    public String toString() {
        Object s = state;
        String st;
        if (s instanceof Done d) {
            st = d.cancelled ? "cancelled" : d.error != null ? "failed: " + d.error : "finished";
        } else {
            st = "pending";
        }
        return "Task[" + name() + ", " + st + "]";
    }

    // ---------------------------------------------------------------------------------------
    // Package-private hooks

    /** An awaitable view whose cancellation does not cancel the task (for {@code shield}). */
    Mono<T> awaitDetached() {
        return Assembly.MONO.apply(new Await<>(this, false));
    }

    /**
     * Registers an internal listener that does not count as retrieving the outcome.
     *
     * @return {@code false} if the task is already done (the listener was not registered)
     */
    boolean addListener(Consumer<? super Task<T>> listener) {
        for (; ; ) {
            Object current = state;
            if (current instanceof Done) {
                return false;
            }
            Object[] next;
            if (current == null) {
                next = new Object[] {listener};
            } else {
                Object[] array = (Object[]) current;
                next = new Object[array.length + 1];
                System.arraycopy(array, 0, next, 0, array.length);
                next[array.length] = listener;
            }
            if (STATE.compareAndSet(this, current, next)) {
                return true;
            }
        }
    }

    /** Removes a listener registered with {@link #addListener}; no-op if absent or done. */
    void removeListener(Object listener) {
        for (; ; ) {
            Object current = state;
            if (!(current instanceof Object[] array)) {
                return;
            }
            int index = -1;
            for (int i = 0; i < array.length; i++) {
                if (array[i] == listener) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return;
            }
            Object next;
            if (array.length == 1) {
                next = null;
            } else {
                Object[] smaller = new Object[array.length - 1];
                System.arraycopy(array, 0, smaller, 0, index);
                System.arraycopy(array, index + 1, smaller, index, array.length - index - 1);
                next = smaller;
            }
            if (STATE.compareAndSet(this, current, next)) {
                return;
            }
        }
    }

    /** Whether the task ended with an error other than cancellation. */
    boolean failed() {
        return state instanceof Done d && !d.cancelled && d.error != null;
    }

    /** The error of a failed task, without counting as retrieval; null otherwise. */
    @Nullable
    Throwable errorOrNull() {
        return state instanceof Done d && !d.cancelled ? d.error : null;
    }

    /** The {@link CancellationException} of a cancelled task; null otherwise. */
    @Nullable
    Throwable cancellationOrNull() {
        return state instanceof Done d && d.cancelled ? cancellation(d) : null;
    }

    /** The value of a finished task, without counting as retrieval; null otherwise. */
    @Nullable
    Object valueOrNull() {
        return state instanceof Done d ? d.value : null;
    }

    /** Marks the outcome as seen: no "never retrieved" warning for this task. */
    void markRetrieved() {
        if (retrieved == 0 && RETRIEVED.compareAndSet(this, 0, 1)) {
            Unretrieved r = report;
            if (r != null) {
                r.dismiss();
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Completion

    private static final Object ALREADY_DONE = new Object();

    /** Returns false if the task was already done (the value was not taken). */
    boolean succeed(@Nullable T value) {
        return complete(value == null ? EMPTY : new Done(value, null, false));
    }

    void fail(Throwable error) {
        if (error instanceof CancellationException) {
            // asyncio: a coroutine that raises CancelledError (say, it awaited a cancelled task)
            // leaves its task cancelled, not failed; nobody is warned about it.
            complete(new Done(null, error, true));
            return;
        }
        if (!complete(new Done(null, error, false))) {
            Operators.onErrorDropped(error, context);
            return;
        }
        if (retrieved == 0) {
            Unretrieved r = Unretrieved.register(this, name(), error, context);
            report = r;
            // Dekker-style recheck: markRetrieved() sets the flag, then reads report.
            if (retrieved != 0) {
                r.dismiss();
            }
        }
    }

    private boolean complete(Done done) {
        Object waiters = terminate(done);
        if (waiters == ALREADY_DONE) {
            return false;
        }
        // The subscription is finished: drop it so a finished task retains nothing upstream.
        Body.S.lazySet(body, Operators.cancelledSubscription());
        notifyWaiters(waiters);
        return true;
    }

    /** Installs {@code done}; returns the waiters it replaced, or {@link #ALREADY_DONE}. */
    private @Nullable Object terminate(Done done) {
        for (; ; ) {
            Object current = state;
            if (current instanceof Done) {
                return ALREADY_DONE;
            }
            if (STATE.compareAndSet(this, current, done)) {
                return current;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void notifyWaiters(@Nullable Object waiters) {
        if (waiters == null) {
            return;
        }
        for (Object waiter : (Object[]) waiters) {
            runCallback((Consumer<Task<T>>) waiter);
        }
    }

    private void runCallback(Consumer<? super Task<T>> callback) {
        try {
            callback.accept(this);
        } catch (Throwable e) {
            Exceptions.throwIfJvmFatal(e);
            LOG.error("Exception in done-callback of task '{}'", name(), e);
        }
    }

    private Done doneOrThrow(String method) {
        if (!(state instanceof Done d)) {
            throw new IllegalStateException(
                    "Task '" + name() + "' is not done yet: " + method + " needs a finished task; await() it instead");
        }
        if (d.cancelled) {
            throw cancellation(d);
        }
        return d;
    }

    /** The error a cancelled task reports: its Mono's own, or a new one for {@link #cancel()}. */
    private CancellationException cancellation(Done d) {
        return d.error instanceof CancellationException ce
                ? ce
                : new CancellationException("Task '" + name() + "' was cancelled");
    }

    /** A finished task's outcome. Immutable. */
    private static final class Done {
        final @Nullable Object value;
        final @Nullable Throwable error;
        final boolean cancelled;

        Done(@Nullable Object value, @Nullable Throwable error, boolean cancelled) {
            this.value = value;
            this.error = error;
            this.cancelled = cancelled;
        }
    }

    /** The task's subscriber to its {@code Mono}; kept apart so Task exposes no Subscriber API. */
    private static final class Body<T> implements CoreSubscriber<T>, Scannable, GrantReceiver {

        @SuppressWarnings("rawtypes")
        static final AtomicReferenceFieldUpdater<Body, Subscription> S =
                AtomicReferenceFieldUpdater.newUpdater(Body.class, Subscription.class, "s");

        final Task<T> task;
        volatile @Nullable Subscription s;
        /** Set when a value or completion arrived after the task was cancelled; see GrantReceiver. */
        volatile boolean dropped;

        Body(Task<T> task) {
            this.task = task;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return s;
            }
            if (key == Attr.CANCELLED) {
                return task.cancelled();
            }
            if (key == Attr.TERMINATED) {
                return task.done() && !task.cancelled();
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
         * Exact: the task either succeeded with the grant (then a later {@code cancel()} only
         * finds it done) or had been cancelled and dropped it.
         */
        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            return dropped;
        }

        @Override
        public Context currentContext() {
            return task.context.put(CONTEXT_KEY, task);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.setOnce(S, this, subscription)) {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(T value) {
            if (!task.succeed(value)) {
                if (task.cancelled()) {
                    dropped = true;
                    Operators.onDiscard(value, currentContext());
                } else {
                    Operators.onNextDropped(value, currentContext()); // a second value: not a Mono's
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            task.fail(error);
        }

        @Override
        public void onComplete() {
            if (!task.succeed(null) && task.cancelled()) {
                dropped = true;
            }
        }
    }

    /** The {@code Mono} behind {@link #await()} and {@link #awaitDetached()}. */
    private static final class Await<T> extends Mono<T> implements Scannable {
        final Task<T> task;
        final boolean cancelsTask;

        Await(Task<T> task, boolean cancelsTask) {
            this.task = task;
            this.cancelsTask = cancelsTask;
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC; // signals on the thread that finished the task
            }
            return null;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            Awaiter<T> awaiter = new Awaiter<>(actual, task, cancelsTask);
            actual.onSubscribe(awaiter);
            if (!task.addListener(awaiter)) {
                awaiter.accept(task);
            }
        }
    }

    /** One subscriber of {@link #await()}; {@code MonoSubscriber} handles demand and races. */
    private static final class Awaiter<T> extends Operators.MonoSubscriber<T, T> implements Consumer<Task<T>> {
        final Task<T> task;
        final boolean cancelsTask;

        Awaiter(CoreSubscriber<? super T> actual, Task<T> task, boolean cancelsTask) {
            super(actual);
            this.task = task;
            this.cancelsTask = cancelsTask;
        }

        @Override
        public void accept(Task<T> t) {
            if (isCancelled()) {
                return;
            }
            Done d = (Done) Objects.requireNonNull(task.state);
            task.markRetrieved();
            if (d.cancelled) {
                actual.onError(task.cancellation(d));
            } else if (d.error != null) {
                actual.onError(d.error);
            } else if (d.value == null) {
                actual.onComplete();
            } else {
                @SuppressWarnings("unchecked")
                T value = (T) d.value;
                complete(value);
            }
        }

        @Override
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.SYNC;
            }
            return super.scanUnsafe(key);
        }

        @Override
        public void cancel() {
            boolean alreadyCancelled = isCancelled();
            super.cancel();
            if (alreadyCancelled) {
                return;
            }
            if (cancelsTask) {
                task.cancel();
            }
            task.removeListener(this);
        }
    }
}
