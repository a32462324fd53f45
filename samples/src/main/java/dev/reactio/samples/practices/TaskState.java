package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.ReturnWhen;
import dev.reactio.Task;
import dev.reactio.samples.SampleContext;
import java.util.List;
import java.util.concurrent.CancellationException;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async best practices &gt; Debugging async code" (异步最佳实践 &gt; 调试异步代码),
 * "look at a task's state" (查看任务状态).
 * <pre>{@code
 * # Look at a task's state
 * async def main():
 *     task = asyncio.create_task(some_coro())
 *     print(task.done())       # is it finished?
 *     print(task.cancelled())  # was it cancelled?
 *     print(task.exception())  # its exception
 * }</pre>
 * The tutorial's third line raises {@code InvalidStateError} in Python: a task that is not done
 * has no exception yet. Reactio throws {@link IllegalStateException}, its
 * {@code InvalidStateError}. This sample prints the state before and after {@code some_coro}
 * finished, and for a task that failed and one that was cancelled (where {@code exception()}
 * raises {@code CancelledError}, Reactio's {@link CancellationException}).
 * <p>Prints:
 * <pre>
 * --- some_coro, just created
 * task.done(): False
 * task.cancelled(): False
 * task.exception(): IllegalStateException: Task 'some_coro' is not done yet: ...
 * --- some_coro, awaited
 * task.done(): True
 * task.cancelled(): False
 * task.exception(): None
 * --- failing_coro, done
 * task.done(): True
 * task.cancelled(): False
 * task.exception(): IllegalArgumentException('bad input')
 * --- cancelled_coro, cancelled
 * task.done(): True
 * task.cancelled(): True
 * task.exception(): CancellationException: Task 'cancelled_coro' was cancelled
 * </pre>
 * The first block is what the tutorial shows; with a time scale of 0 (as in tests) the task may
 * already be done by the time it is printed.
 */
public final class TaskState {

    private TaskState() {}

    /**
     * {@code async def some_coro()}: works for one second.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} with a result
     */
    static Mono<String> someCoro(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(1), "some result");
    }

    /**
     * A coroutine that fails after one second with Python's {@code ValueError}, that is
     * {@link IllegalArgumentException}.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} that errors
     */
    static Mono<String> failingCoro(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(1)).then(Mono.error(new IllegalArgumentException("bad input")));
    }

    /**
     * Prints {@code done()}, {@code cancelled()} and {@code exception()} of {@code task}.
     *
     * @param ctx where to print
     * @param title what the task is and when we look
     * @param task the task
     */
    static void printState(SampleContext ctx, String title, Task<?> task) {
        ctx.print("---", title);
        ctx.print("task.done():", task.done()); // is it finished?
        ctx.print("task.cancelled():", task.cancelled()); // was it cancelled?
        try {
            ctx.print("task.exception():", task.exception()); // its exception
        } catch (IllegalStateException e) { // also catches CancellationException, a subclass
            ctx.print("task.exception():", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * {@code async def main()}: looks at tasks in each state.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}; the tasks start when it is subscribed
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.defer(() -> {
                    Task<String> task = Aio.createTask(someCoro(ctx), "some_coro");
                    printState(ctx, "some_coro, just created", task);
                    return task.await().doOnNext(result -> printState(ctx, "some_coro, awaited", task));
                })
                .then(Mono.defer(() -> {
                    Task<String> failing = Aio.createTask(failingCoro(ctx), "failing_coro");
                    // Aio.wait never fails because a task failed: exception() then retrieves the error.
                    return Aio.wait(List.of(failing), ReturnWhen.ALL_COMPLETED)
                            .doOnNext(result -> printState(ctx, "failing_coro, done", failing));
                }))
                .then(Mono.fromRunnable(() -> {
                    // A coroutine that would wait forever, so that cancel() certainly finds it running.
                    Task<String> cancelled = Aio.createTask(Mono.<String>never(), "cancelled_coro");
                    cancelled.cancel();
                    printState(ctx, "cancelled_coro, cancelled", cancelled);
                }));
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print and how fast time goes
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }
}
