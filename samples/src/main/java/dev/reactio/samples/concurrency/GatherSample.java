package dev.reactio.samples.concurrency;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Concurrent execution &gt; gather" (并发执行 &gt; gather): run several
 * coroutines concurrently and collect their results in argument order.
 * <pre>{@code
 * async def task(name, delay):
 *     print(f"{name} started")
 *     await asyncio.sleep(delay)
 *     print(f"{name} finished")
 *     return f"{name} result"
 *
 * async def main():
 *     # Run several coroutines concurrently
 *     results = await asyncio.gather(
 *         task("A", 2),
 *         task("B", 1),
 *         task("C", 3),
 *     )
 *     print(results)
 * }</pre>
 * The tasks finish in the order of their delays (B, A, C), but the results keep the order of
 * the arguments. The sample takes three seconds, the longest delay, not six.
 * <p>Prints:
 * <pre>
 * A started
 * B started
 * C started
 * B finished
 * A finished
 * C finished
 * ['A result', 'B result', 'C result']
 * </pre>
 */
public final class GatherSample {

    private GatherSample() {}

    /**
     * {@code async def task(name, delay)}.
     *
     * @param ctx where to print and how fast time goes
     * @param name the task's name
     * @param delay how long it takes, in the tutorial's seconds
     * @return a cold {@code Mono} with {@code "<name> result"}
     */
    static Mono<String> task(SampleContext ctx, String name, double delay) {
        return Mono.defer(() -> {
            ctx.print(name + " started");
            return Aio.sleep(ctx.seconds(delay)).then(Mono.fromSupplier(() -> {
                ctx.print(name + " finished");
                return name + " result";
            }));
        });
    }

    /**
     * {@code async def main()}: gathers three tasks and prints the list of results.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when all three are done
     */
    public static Mono<Void> main(SampleContext ctx) {
        // Run several coroutines concurrently.
        return Aio.gather(task(ctx, "A", 2), task(ctx, "B", 1), task(ctx, "C", 3))
                .doOnNext(ctx::print)
                .then();
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
