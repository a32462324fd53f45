package dev.reactio;

import dev.reactio.internal.Assembly;
import dev.reactio.internal.BlockingRun;
import dev.reactio.internal.Deadline;
import dev.reactio.internal.Debug;
import dev.reactio.internal.FluxGenerator;
import dev.reactio.internal.MonoGather;
import dev.reactio.internal.MonoSleep;
import dev.reactio.internal.MonoWaitFor;
import dev.reactio.internal.MonoWaitForNow;
import dev.reactio.internal.RunInExecutor;
import dev.reactio.internal.RunScope;
import dev.reactio.internal.ThreadLocalContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Reactio's {@code asyncio} module: static functions that build and run coroutines, which are
 * Reactor {@code Mono}/{@code Flux} pipelines. Nothing runs until subscribed, except where
 * asyncio is eager too ({@link #createTask(Mono)}).
 *
 * <pre>{@code
 * Mono<String> task(String name, Duration delay) {
 *     return Mono.defer(() -> {
 *         System.out.println(name + " started");
 *         return Aio.sleep(delay, name + " result");
 *     });
 * }
 *
 * List<String> results = Aio.run(Aio.gather(
 *         task("A", Duration.ofSeconds(2)),
 *         task("B", Duration.ofSeconds(1)),
 *         task("C", Duration.ofSeconds(3))));
 * }</pre>
 *
 * <p>Write every call qualified ({@code Aio.sleep}, {@code Aio.wait}): {@code Aio.wait} cannot
 * be static-imported, because every class inherits {@code Object.wait}.
 *
 * <p>Errors map to the JDK's: {@code CancelledError} is {@link CancellationException},
 * {@code TimeoutError} is {@link java.util.concurrent.TimeoutException}.
 */
public final class Aio {

    private Aio() {}

    // -------------------------------------------------------------------------------------
    // Running

    /**
     * Runs {@code main} to completion, blocking the calling thread: {@code asyncio.run(main())}.
     * Equivalent to {@code run(main, RunOptions.defaults())}.
     * <p>With Reactor's automatic context propagation on, {@code main} starts with the calling
     * thread's registered {@code ThreadLocal}s (MDC, trace ids) in its context, as
     * {@code main.block()} would; see {@link Task} ("Context propagation").
     *
     * @param main the coroutine to run
     * @param <T> its value type
     * @return its value, or {@code null} if it completed empty
     * @throws IllegalStateException if called on a non-blocking thread or inside another
     *     {@code Aio.run} on this thread ("cannot be called from a running event loop")
     * @throws CancellationException if the waiting thread is interrupted before {@code main}
     *     signalled; {@code main} is cancelled and the interrupt flag stays set (an interrupt
     *     that comes after {@code main} signalled returns its outcome, with the flag set, so a
     *     lock or queue item it got is not lost)
     * @throws RuntimeException {@code main}'s own unchecked exception or {@link Error}, as is; a
     *     checked one wrapped in {@link java.util.concurrent.CompletionException}
     */
    public static <T> @Nullable T run(Mono<T> main) {
        return run(main, RunOptions.defaults());
    }

    /**
     * Runs {@code main} to completion with options: {@code asyncio.run(main(), debug=...)}.
     * <p>Subscribes on the calling thread and parks it until {@code main} terminates. With
     * {@link RunOptions#isDebug()} debug mode is on while {@code main} runs (see
     * {@link #enableDebug()}). When it returns, every failed task <em>of this run</em> whose error
     * nobody retrieved is logged ("Task exception was never retrieved"): the tasks started with
     * main's Reactor {@code Context} (by {@link #spawn}, {@link TaskGroup} or {@code gather},
     * which pass it on, also from inside those tasks) or created on this thread while main runs
     * ({@link #createTask}, which takes no context, counts only there). Tasks of other runs,
     * or created outside any run (a WebFlux handler, say), are left alone; theirs is logged
     * when they are garbage-collected.
     *
     * @param main the coroutine to run
     * @param options debug mode and its slow-callback threshold
     * @param <T> its value type
     * @return its value, or {@code null} if it completed empty
     * @throws IllegalStateException if called on a non-blocking thread or inside another
     *     {@code Aio.run} on this thread
     * @throws CancellationException if the waiting thread is interrupted before {@code main}
     *     signalled; {@code main} is cancelled and the interrupt flag stays set (an interrupt
     *     that comes after {@code main} signalled returns its outcome, with the flag set, so a
     *     lock or queue item it got is not lost)
     * @throws RuntimeException {@code main}'s own unchecked exception or {@link Error}, as is; a
     *     checked one wrapped in {@link java.util.concurrent.CompletionException}
     */
    public static <T> @Nullable T run(Mono<T> main, RunOptions options) {
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(options, "options");
        if (Schedulers.isInNonBlockingThread() || RunScope.isOpenOnThisThread()) {
            throw new IllegalStateException("Aio.run() cannot be called from a running event loop (thread '"
                    + Thread.currentThread().getName() + "'): return the Mono to your caller, or use Aio.createTask");
        }
        boolean enableDebugHere = options.isDebug() && !Debug.isEnabled();
        if (enableDebugHere) {
            Debug.enable(options.slowCallbackDuration());
        }
        RunScope scope = RunScope.open();
        try {
            // Like Mono.block(): with automatic context propagation on, main's context starts
            // with this thread's registered ThreadLocals (MDC, trace ids).
            return BlockingRun.block(main.contextWrite(scope::addTo), ThreadLocalContext.capture(Context.empty()));
        } finally {
            if (enableDebugHere) {
                Debug.disable();
            }
            scope.close();
        }
    }

    // -------------------------------------------------------------------------------------
    // Sleeping

    /**
     * Waits for {@code delay}: {@code await asyncio.sleep(delay)}.
     * <p>Nothing happens until subscribed; the timer runs on {@code Schedulers.parallel()}
     * (so {@code StepVerifier.withVirtualTime} controls it). {@code Duration.ZERO} yields once;
     * a negative delay counts as zero.
     * <p>Cancelling the returned {@code Mono} cancels the timer.
     *
     * @param delay how long to wait
     * @return a cold {@code Mono} that completes after {@code delay}
     */
    public static Mono<Void> sleep(Duration delay) {
        return Assembly.MONO.apply(new MonoSleep<>(nonNegative(delay), null));
    }

    /**
     * Waits for {@code delay}, then produces {@code result}: {@code await asyncio.sleep(delay, result)}.
     * See {@link #sleep(Duration)}.
     *
     * @param delay how long to wait
     * @param result the value to produce, or {@code null} to complete empty
     * @param <T> the value type
     * @return a cold {@code Mono} with {@code result} after {@code delay}
     */
    public static <T> Mono<T> sleep(Duration delay, @Nullable T result) {
        return Assembly.MONO.apply(new MonoSleep<>(nonNegative(delay), result));
    }

    // -------------------------------------------------------------------------------------
    // Tasks

    /**
     * Starts {@code coro} as a task now: {@code asyncio.create_task(coro)}.
     * <p>Starts at once: the task subscribes to {@code coro} before this method returns and runs
     * whether or not anyone awaits it. See {@link Task} for cancellation and error reporting.
     * <p>The task runs with an empty Reactor {@code Context}, plus, with Reactor's automatic
     * context propagation on, the calling thread's registered {@code ThreadLocal}s as they are
     * now: asyncio's {@code create_task} copies the current {@code contextvars} context. See
     * {@link Task} ("Context propagation").
     *
     * @param coro the coroutine to run
     * @param <T> its value type
     * @return the running task, named {@code Task-N}
     */
    public static <T> Task<T> createTask(Mono<T> coro) {
        return Task.start(coro, null, ThreadLocalContext.capture(Context.empty()));
    }

    /**
     * Starts {@code coro} as a named task now: {@code asyncio.create_task(coro, name=name)}.
     * See {@link #createTask(Mono)}.
     *
     * @param coro the coroutine to run
     * @param name the task's name, or {@code null} for {@code Task-N}
     * @param <T> its value type
     * @return the running task
     */
    public static <T> Task<T> createTask(Mono<T> coro, @Nullable String name) {
        return Task.start(coro, name, ThreadLocalContext.capture(Context.empty()));
    }

    /**
     * Starts {@code coro} as a task when subscribed, with the subscriber's Reactor
     * {@code Context}: {@code create_task}, which copies {@code contextvars} into the new task.
     * With Reactor's automatic context propagation on, that context is where the
     * {@code ThreadLocal}s (MDC, trace ids) live, and the task restores them on every thread.
     * <p>Nothing happens until subscribed; each subscription starts one task. Cancelling after
     * the task was emitted does not cancel the task.
     *
     * @param coro the coroutine to run
     * @param <T> its value type
     * @return a cold {@code Mono} with the running task
     */
    public static <T> Mono<Task<T>> spawn(Mono<T> coro) {
        Objects.requireNonNull(coro, "coro");
        return Mono.deferContextual(ctx -> Mono.just(Task.start(coro, null, ctx)));
    }

    // -------------------------------------------------------------------------------------
    // Running many

    /**
     * Runs all {@code aws} concurrently and collects their values in argument order:
     * {@code asyncio.gather(*aws)}.
     * <p>A source that completes empty contributes a {@code null} slot (a coroutine returning
     * {@code None}); the result is never empty. Unlike asyncio, the first error cancels the
     * other sources before it is emitted, so no orphan keeps running. Like {@code Mono.zip}.
     * <p>Nothing happens until subscribed; then every source is subscribed at once. Cancelling
     * the returned {@code Mono} cancels every source.
     * <p>Errors with the first error of any source.
     *
     * @param aws the sources
     * @param <T> their value type
     * @return a cold {@code Mono} with an unmodifiable list (which may hold {@code null}s)
     */
    public static <T> Mono<List<@Nullable T>> gather(List<? extends Mono<? extends T>> aws) {
        return gatherOf(toArray(aws), false);
    }

    /**
     * Varargs form of {@link #gather(List)}.
     *
     * @param aws the sources
     * @param <T> their value type
     * @return a cold {@code Mono} with an unmodifiable list (which may hold {@code null}s)
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, and copied before use
    public static <T> Mono<List<@Nullable T>> gather(Mono<? extends T>... aws) {
        return gatherOf(checkedCopy(aws), false);
    }

    /**
     * Runs all {@code aws} concurrently and collects how each ended:
     * {@code asyncio.gather(*aws, return_exceptions=True)}.
     * <p>Waits for every source; never errors because a source failed. Each slot is an
     * {@link Outcome.Success} (with {@code null} for an empty source) or an
     * {@link Outcome.Failure}.
     * <p>Nothing happens until subscribed. Cancelling the returned {@code Mono} cancels every source.
     *
     * @param aws the sources
     * @param <T> their value type
     * @return a cold {@code Mono} with one outcome per source, in argument order
     */
    public static <T> Mono<List<Outcome<T>>> gatherSettled(List<? extends Mono<? extends T>> aws) {
        return gatherOf(toArray(aws), true);
    }

    /**
     * Varargs form of {@link #gatherSettled(List)}.
     *
     * @param aws the sources
     * @param <T> their value type
     * @return a cold {@code Mono} with one outcome per source, in argument order
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, and copied before use
    public static <T> Mono<List<Outcome<T>>> gatherSettled(Mono<? extends T>... aws) {
        return gatherOf(checkedCopy(aws), true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R> Mono<R> gatherOf(Mono<?>[] sources, boolean settled) {
        return (Mono<R>) Assembly.MONO.apply((Mono) new MonoGather<>(sources, settled));
    }

    private static Mono<?>[] toArray(List<? extends Mono<?>> aws) {
        Objects.requireNonNull(aws, "aws");
        return checkedCopy(aws.toArray(new Mono<?>[0]));
    }

    /** A copy of {@code aws} (the caller may reuse its array), checked for nulls. */
    private static Mono<?>[] checkedCopy(Mono<?>[] aws) {
        Objects.requireNonNull(aws, "aws");
        Mono<?>[] array = aws.clone();
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException("aws[" + i + "] is null");
            }
        }
        return array;
    }

    /**
     * Waits for {@code aw} at most {@code timeout}: {@code asyncio.wait_for(aw, timeout)}.
     * <p>Nothing happens until subscribed. On timeout, {@code aw} is cancelled first and then
     * the {@code Mono} errors with {@link java.util.concurrent.TimeoutException}. With
     * {@code timeout <= 0}, a value that {@code aw} produces synchronously during subscription
     * (a done task's {@code await()}, {@code Mono.just}) is returned; otherwise {@code aw} is
     * cancelled and {@code TimeoutException} follows at once. The timer runs on
     * {@code Schedulers.parallel()} and starts once {@code aw}'s {@code subscribe} has returned:
     * what {@code aw} produced synchronously (a free lock, a queue with room) is its result.
     * <p>Unlike Reactor's {@code timeout}, it never loses what {@code aw} produced as the timer
     * fired: the two race for one outcome, and a Reactio primitive's grant that lost (a lock, a
     * permit, a queue item) is handed on, a waiting put is not made. So
     * {@code waitFor(lock.acquire(), t)} either holds the lock or took nothing, and
     * {@code waitFor(queue.put(x), t)} either put {@code x} or did not, as in asyncio.
     * <p>Cancelling the returned {@code Mono} cancels {@code aw}; for a task's {@code await()}
     * that cancels the task, as in asyncio.
     *
     * @param aw the awaitable
     * @param timeout the longest time to wait
     * @param <T> its value type
     * @return a cold {@code Mono} with {@code aw}'s outcome, or a {@code TimeoutException}
     */
    public static <T> Mono<T> waitFor(Mono<T> aw, Duration timeout) {
        Objects.requireNonNull(aw, "aw");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            return Assembly.MONO.apply(new MonoWaitForNow<>(aw, timeout));
        }
        return Assembly.MONO.apply(new MonoWaitFor<>(aw, timeout));
    }

    /**
     * Waits until some or all {@code tasks} are done: {@code asyncio.wait(tasks, return_when=when)}.
     * <p>Nothing happens until subscribed. Never errors because a task failed and never cancels a
     * task, not even when the returned {@code Mono} is cancelled.
     *
     * @param tasks the tasks; duplicates count once
     * @param when when to return
     * @param <T> the tasks' value type
     * @return a cold {@code Mono} with the done and pending tasks, each in the given order
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    public static <T> Mono<WaitResult<T>> wait(Collection<Task<T>> tasks, ReturnWhen when) {
        List<Task<T>> list = distinctTasks(tasks);
        Objects.requireNonNull(when, "when");
        return Mono.create(sink -> WaitCoordinator.start(list, when, sink));
    }

    /**
     * Waits until some or all {@code tasks} are done, or {@code timeout} passes:
     * {@code asyncio.wait(tasks, timeout=timeout, return_when=when)}. At the timeout it completes
     * (without error) with the tasks done so far; see {@link #wait(Collection, ReturnWhen)}.
     *
     * @param tasks the tasks; duplicates count once
     * @param when when to return
     * @param timeout the longest time to wait; zero or less returns at once
     * @param <T> the tasks' value type
     * @return a cold {@code Mono} with the done and pending tasks
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    public static <T> Mono<WaitResult<T>> wait(Collection<Task<T>> tasks, ReturnWhen when, Duration timeout) {
        List<Task<T>> list = distinctTasks(tasks);
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(timeout, "timeout");
        Mono<WaitResult<T>> snapshot = Mono.fromSupplier(() -> WaitCoordinator.snapshot(list));
        Mono<WaitResult<T>> waiting = Mono.create(sink -> WaitCoordinator.start(list, when, sink));
        if (timeout.isZero() || timeout.isNegative()) {
            return snapshot;
        }
        return waiting.timeout(timeout, snapshot);
    }

    private static <T> List<Task<T>> distinctTasks(Collection<Task<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("Aio.wait needs at least one task, but the collection is empty");
        }
        LinkedHashSet<Task<T>> distinct = new LinkedHashSet<>(tasks.size() * 2);
        for (Task<T> t : tasks) {
            distinct.add(Objects.requireNonNull(t, "tasks contains null"));
        }
        return new ArrayList<>(distinct);
    }

    /**
     * Emits the values of {@code aws} in the order they complete: {@code asyncio.as_completed(aws)}.
     * <p>Nothing happens until subscribed; then every source is subscribed at once. A source
     * that completes empty contributes nothing. The first error ends the {@code Flux} and
     * cancels the other sources.
     * <p>Cancelling the {@code Flux} cancels every source still running.
     *
     * @param aws the sources
     * @param <T> their value type
     * @return a cold {@code Flux} of the values in completion order
     */
    public static <T> Flux<T> asCompleted(Collection<? extends Mono<? extends T>> aws) {
        Objects.requireNonNull(aws, "aws");
        Mono<?>[] array = toArray(new ArrayList<>(aws));
        @SuppressWarnings("unchecked")
        Flux<T> merged = (Flux<T>) Flux.merge(array);
        return merged;
    }

    /**
     * Emits the values of {@code aws} in completion order, within one total deadline:
     * {@code asyncio.as_completed(aws, timeout=timeout)}.
     * <p>The timeout is one deadline for all values, not a gap between them. At the deadline the
     * remaining sources are cancelled and the {@code Flux} errors with
     * {@link java.util.concurrent.TimeoutException}. See {@link #asCompleted(Collection)}.
     *
     * @param aws the sources
     * @param timeout the deadline, counted from subscription
     * @param <T> their value type
     * @return a cold {@code Flux} of the values in completion order
     */
    public static <T> Flux<T> asCompleted(Collection<? extends Mono<? extends T>> aws, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Flux<T> values = asCompleted(aws);
        Duration total = nonNegative(timeout);
        return Deadline.over(
                values,
                total,
                () -> new TimeoutException(
                        "Aio.asCompleted: not every source completed within " + total + "; the rest were cancelled"));
    }

    /**
     * Protects {@code aw} from cancellation: {@code asyncio.shield(aw)}.
     * <p>Nothing happens until subscribed; then {@code aw} runs as a task with the subscriber's
     * {@code Context}. Cancelling the returned {@code Mono} does not cancel {@code aw}, which
     * runs to completion; its outcome is then discarded.
     *
     * @param aw the awaitable to protect
     * @param <T> its value type
     * @return a cold {@code Mono} with {@code aw}'s outcome
     */
    public static <T> Mono<T> shield(Mono<T> aw) {
        Objects.requireNonNull(aw, "aw");
        return Mono.deferContextual(ctx -> {
            Task<T> inner = Task.start(aw, null, ctx);
            inner.markRetrieved(); // asyncio: a shielded failure whose outer was cancelled is silent
            return inner.awaitDetached();
        });
    }

    // -------------------------------------------------------------------------------------
    // Threads

    /**
     * Runs blocking {@code f} on {@code Schedulers.boundedElastic()}: {@code asyncio.to_thread(f)}.
     * <p>Nothing happens until subscribed. Cancelling before {@code f} starts means it never
     * runs; cancelling while it runs interrupts its thread.
     * <p>Errors with whatever {@code f} throws.
     *
     * @param f the blocking work
     * @param <T> its result type
     * @return a cold {@code Mono} with {@code f}'s result (empty for {@code null})
     */
    public static <T> Mono<T> toThread(Callable<T> f) {
        return runInExecutor(null, f);
    }

    /**
     * Runs blocking {@code f} on {@code executor}: {@code loop.run_in_executor(executor, f)}.
     * See {@link #toThread(Callable)}.
     *
     * @param executor where to run {@code f}, or {@code null} for {@code Schedulers.boundedElastic()}
     * @param f the blocking work
     * @param <T> its result type
     * @return a cold {@code Mono} with {@code f}'s result (empty for {@code null}); errors with
     *     {@link java.util.concurrent.RejectedExecutionException} if the executor refuses it
     */
    public static <T> Mono<T> runInExecutor(@Nullable Executor executor, Callable<T> f) {
        Objects.requireNonNull(f, "f");
        return RunInExecutor.run(executor, f);
    }

    // -------------------------------------------------------------------------------------
    // Async generators, iterators and context managers

    /**
     * An async generator: {@code async def gen(): ... yield v ...} becomes
     * {@code Aio.generator(emitter -> ... emitter.emit(v) ...)}.
     * <p>Pull-based, like a Python async generator: the body starts on the first request, and
     * each {@link Emitter#emit(Object) emit} completes only once its value was delivered and the
     * consumer wants more, so the body never runs ahead of the consumer and nothing is buffered.
     * <p>Cancelling the {@code Flux} cancels the body, whose {@code doFinally}/{@code usingWhen}
     * cleanup runs ({@code aclose()}). The body's error or completion ends the {@code Flux}.
     * <pre>{@code
     * Flux<Integer> asyncRange(int n) {
     *     return Aio.generator(emitter -> Flux.range(0, n)
     *             .concatMap(i -> Aio.sleep(Duration.ofMillis(500)).then(emitter.emit(i)))
     *             .then());
     * }
     * }</pre>
     *
     * @param body the generator body, called once per subscription, on the first request
     * @param <T> the type of the values
     * @return a cold {@code Flux} of the values the body emits
     */
    public static <T> Flux<T> generator(Function<Emitter<T>, Mono<Void>> body) {
        return Assembly.FLUX.apply(new FluxGenerator<>(body));
    }

    /**
     * Turns an async iterator into a {@code Flux}: {@code async for x in it}.
     * <p>Calls {@link AsyncIterator#next()} only on demand and never before the previous call
     * completed; a {@code next()} that completes empty ends the {@code Flux}
     * ({@code StopAsyncIteration}). Cancelling the {@code Flux} cancels the running {@code next()}.
     *
     * @param it the iterator
     * @param <T> the type of the values
     * @return a cold {@code Flux} of the values; each subscription iterates {@code it} further
     */
    public static <T> Flux<T> iterate(AsyncIterator<T> it) {
        Objects.requireNonNull(it, "it");
        return generator(emitter -> Mono.defer(it::next)
                .flatMap(v -> emitter.emit(v).thenReturn(Boolean.TRUE))
                .defaultIfEmpty(Boolean.FALSE)
                .repeat()
                .takeWhile(Boolean::booleanValue)
                .then());
    }

    /**
     * Runs {@code body} inside an async context manager: {@code async with cm as r: body(r)}.
     * <p>Nothing happens until subscribed; then {@link AsyncContextManager#enter()} runs. After
     * it succeeded, {@link AsyncContextManager#exit(Throwable)} runs exactly once: with
     * {@code null} when the body completes, with the body's error when it fails, with a
     * {@link CancellationException} when the returned {@code Mono} is cancelled.
     *
     * @param cm the context manager
     * @param body the block, given what {@code enter} produced
     * @param <R> the type {@code enter} produces
     * @param <T> the body's value type
     * @return a cold {@code Mono} with the body's value
     */
    public static <R, T> Mono<T> using(AsyncContextManager<R> cm, Function<R, Mono<T>> body) {
        Objects.requireNonNull(cm, "cm");
        Objects.requireNonNull(body, "body");
        return Mono.usingWhen(
                Mono.defer(cm::enter),
                body,
                r -> cm.exit(null),
                (r, e) -> cm.exit(e),
                r -> cm.exit(new CancellationException("async with block was cancelled")));
    }

    /**
     * Runs {@code body} with a resource and closes it afterwards:
     * {@code async with contextlib.aclosing(resource) as r: body(r)}.
     * <p>Nothing happens until subscribed; then {@code resource} is subscribed. Once it produced
     * the resource, {@link AsyncCloseable#aclose()} runs exactly once, whether the body
     * completes, fails or is cancelled.
     *
     * @param resource produces the resource
     * @param body the block
     * @param <R> the resource type
     * @param <T> the body's value type
     * @return a cold {@code Mono} with the body's value
     */
    public static <R extends AsyncCloseable, T> Mono<T> using(Mono<R> resource, Function<R, Mono<T>> body) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(body, "body");
        return Mono.usingWhen(resource, body, AsyncCloseable::aclose, (r, e) -> r.aclose(), AsyncCloseable::aclose);
    }

    // -------------------------------------------------------------------------------------
    // Debug mode

    /**
     * Switches asyncio's debug mode on, for the whole JVM: {@code loop.set_debug(True)}.
     * <ol>
     * <li>A blocking call (such as {@code Thread.sleep}) on a non-blocking thread fails with
     *     BlockHound's {@code BlockingOperationError}, whose message names the call. Needs
     *     {@code io.projectreactor.tools:blockhound} on the classpath and, on Java 13+, the JVM
     *     flag {@code -XX:+AllowRedefinitionToAddDeleteMethods}; without them a warning says so.</li>
     * <li>Work scheduled by Reactor that holds a non-blocking thread at least 100 ms is logged at
     *     WARN on the {@code dev.reactio.debug} logger.</li>
     * <li>Reactor's assembly tracebacks ({@code Hooks.onOperatorDebug()}).</li>
     * </ol>
     * Works in any application, Spring WebFlux included; no {@code Aio.run} is needed.
     */
    public static void enableDebug() {
        Debug.enable(RunOptions.defaults().slowCallbackDuration());
    }

    /**
     * Switches debug mode on with another slow-callback threshold. See {@link #enableDebug()}.
     *
     * @param slowCallbackDuration work holding a non-blocking thread this long is logged
     */
    public static void enableDebug(Duration slowCallbackDuration) {
        Debug.enable(RunOptions.defaults()
                .withSlowCallbackDuration(slowCallbackDuration)
                .slowCallbackDuration());
    }

    /**
     * Switches debug mode off, removing only what {@link #enableDebug()} installed: the
     * application's own Reactor hooks stay, and so do assembly tracebacks if the application
     * had switched them on ({@code Hooks.onOperatorDebug()}) before debug mode was.
     */
    public static void disableDebug() {
        Debug.disable();
    }

    private static Duration nonNegative(Duration d) {
        Objects.requireNonNull(d, "delay");
        return d.isNegative() ? Duration.ZERO : d;
    }
}
