package dev.reactio.samples.concurrency;

import dev.reactio.Aio;
import dev.reactio.ReturnWhen;
import dev.reactio.Task;
import dev.reactio.samples.SampleContext;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Concurrent execution &gt; wait" (并发执行 &gt; wait): wait for a set of
 * tasks, then look at the ones that are done.
 * <pre>{@code
 * async def task(name, delay):
 *     await asyncio.sleep(delay)
 *     return f"{name} done"
 *
 * async def main():
 *     tasks = [
 *         asyncio.create_task(task("A", 1)),
 *         asyncio.create_task(task("B", 2)),
 *         asyncio.create_task(task("C", 3)),
 *     ]
 *     # Wait for all tasks to finish
 *     done, pending = await asyncio.wait(tasks)
 *     for task in done:
 *         print(task.result())
 * }</pre>
 * {@link Aio#wait} takes tasks, not coroutines, and never fails or cancels them; its
 * {@code done} set keeps the order the tasks were given in (Python's is unordered).
 * <p>Prints:
 * <pre>
 * A done
 * B done
 * C done
 * </pre>
 */
public final class WaitSample {

    private WaitSample() {}

    /**
     * {@code async def task(name, delay)}.
     *
     * @param ctx where to print and how fast time goes
     * @param name the task's name
     * @param delay how long it takes, in the tutorial's seconds
     * @return a cold {@code Mono} with {@code "<name> done"}
     */
    static Mono<String> task(SampleContext ctx, String name, double delay) {
        return Aio.sleep(ctx.seconds(delay), name + " done");
    }

    /**
     * {@code async def main()}: starts three tasks, waits for all, prints each result.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}; the tasks start when it is subscribed
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.defer(() -> {
            List<Task<String>> tasks = List.of(
                    Aio.createTask(task(ctx, "A", 1)),
                    Aio.createTask(task(ctx, "B", 2)),
                    Aio.createTask(task(ctx, "C", 3)));
            // Wait for all tasks to finish.
            return Aio.wait(tasks, ReturnWhen.ALL_COMPLETED)
                    .doOnNext(result -> {
                        for (Task<String> task : result.done()) {
                            ctx.print(task.result());
                        }
                    })
                    .then();
        });
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
