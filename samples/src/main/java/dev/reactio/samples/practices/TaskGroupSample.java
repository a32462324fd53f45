package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.TaskGroup;
import dev.reactio.TaskGroupException;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async best practices &gt; Debugging async code" (异步最佳实践 &gt; 调试异步代码),
 * "use asyncio.TaskGroup (Python 3.11+)" (使用 asyncio.TaskGroup).
 * <pre>{@code
 * async def main():
 *     async with asyncio.TaskGroup() as tg:
 *         tg.create_task(task1())
 *         tg.create_task(task2())
 *     # Waits for the tasks automatically and handles their exceptions
 * }</pre>
 * {@code async with asyncio.TaskGroup() as tg:} is {@link TaskGroup#run}: it completes only
 * when the body and every task of the group are done. The tutorial leaves {@code task1} and
 * {@code task2} undefined; here they print and sleep. A second group shows the "handles
 * exceptions" part: the first failure cancels the other tasks, and the group fails with
 * {@link TaskGroupException} (Python's {@code ExceptionGroup}) listing every failure.
 * <p>Prints:
 * <pre>
 * task1 started
 * task2 started
 * task1 finished
 * task2 finished
 * Both tasks are done
 * --- a failing task cancels the others
 * slow_task started
 * failing_task started
 * failing_task raises IllegalArgumentException
 * slow_task cancelled
 * TaskGroup failed with [IllegalArgumentException('boom')]
 * </pre>
 */
public final class TaskGroupSample {

    private TaskGroupSample() {}

    /**
     * A coroutine that prints when it starts and finishes.
     *
     * @param ctx where to print and how fast time goes
     * @param name what it prints
     * @param seconds how long it works
     * @return a cold {@code Mono} with {@code name}
     */
    static Mono<String> work(SampleContext ctx, String name, double seconds) {
        return Mono.defer(() -> {
                    ctx.print(name + " started");
                    return Aio.sleep(ctx.seconds(seconds)).then(Mono.fromSupplier(() -> {
                        ctx.print(name + " finished");
                        return name;
                    }));
                })
                .doOnCancel(() -> ctx.print(name + " cancelled"));
    }

    /**
     * A coroutine that fails after one second with Python's {@code ValueError}, that is
     * {@link IllegalArgumentException}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that errors
     */
    static Mono<String> failing(SampleContext ctx) {
        return Mono.defer(() -> {
            ctx.print("failing_task started");
            return Aio.sleep(ctx.seconds(1)).then(Mono.defer(() -> {
                ctx.print("failing_task raises IllegalArgumentException");
                return Mono.error(new IllegalArgumentException("boom"));
            }));
        });
    }

    /**
     * {@code async def main()}: one group whose tasks succeed, then one where a task fails.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes after both groups
     */
    public static Mono<Void> main(SampleContext ctx) {
        Mono<Void> bothSucceed = TaskGroup.run(tg -> {
                    tg.createTask(work(ctx, "task1", 1));
                    tg.createTask(work(ctx, "task2", 2));
                    return Mono.<Void>empty();
                })
                .then(Mono.fromRunnable(() -> ctx.print("Both tasks are done")));

        Mono<Void> oneFails = TaskGroup.run(tg -> {
                    ctx.print("--- a failing task cancels the others");
                    // Far slower than failing_task, so that even with --fast it is still running when cancelled.
                    tg.createTask(work(ctx, "slow_task", 10));
                    tg.createTask(failing(ctx));
                    return Mono.<Void>empty();
                })
                .onErrorResume(TaskGroupException.class, e -> {
                    ctx.print("TaskGroup failed with", e.exceptions());
                    return Mono.empty();
                });

        return bothSucceed.then(oneFails);
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
