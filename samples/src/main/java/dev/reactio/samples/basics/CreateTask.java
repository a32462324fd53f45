package dev.reactio.samples.basics;

import dev.reactio.Aio;
import dev.reactio.Task;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Coroutine basics &gt; Creating tasks" (协程基础 &gt; 创建任务): start two
 * coroutines as tasks, so that they run at the same time, then await both.
 * <pre>{@code
 * async def fetch_data(id):
 *     print(f"Fetching data {id}")
 *     await asyncio.sleep(1)
 *     return f"Data {id}"
 *
 * async def main():
 *     # Create the tasks
 *     task1 = asyncio.create_task(fetch_data(1))
 *     task2 = asyncio.create_task(fetch_data(2))
 *     # Wait for the tasks to finish
 *     result1 = await task1
 *     result2 = await task2
 *     print(result1, result2)
 * }</pre>
 * {@link Aio#createTask(Mono)} subscribes at once, so both fetches run while {@code main}
 * awaits the first; the whole sample takes one second, not two.
 * <p>Prints:
 * <pre>
 * Fetching data 1
 * Fetching data 2
 * Data 1 Data 2
 * </pre>
 */
public final class CreateTask {

    private CreateTask() {}

    /**
     * {@code async def fetch_data(id)}: pretends to fetch something for one second.
     *
     * @param ctx where to print and how fast time goes
     * @param id what to fetch
     * @return a cold {@code Mono} with {@code "Data <id>"}
     */
    static Mono<String> fetchData(SampleContext ctx, int id) {
        return Mono.defer(() -> {
            ctx.print("Fetching data " + id);
            return Aio.sleep(ctx.seconds(1), "Data " + id);
        });
    }

    /**
     * {@code async def main()}: creates both tasks, then awaits them in turn.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}; the tasks start when it is subscribed
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.defer(() -> {
            // Create the tasks: both start running now.
            Task<String> task1 = Aio.createTask(fetchData(ctx, 1));
            Task<String> task2 = Aio.createTask(fetchData(ctx, 2));
            // Wait for the tasks to finish.
            return task1.await()
                    .flatMap(result1 -> task2.await().doOnNext(result2 -> ctx.print(result1, result2)))
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
