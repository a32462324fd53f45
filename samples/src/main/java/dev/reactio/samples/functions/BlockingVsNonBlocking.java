package dev.reactio.samples.functions;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async functions &gt; Blocking vs non-blocking" (异步函数 &gt; 阻塞 vs 非阻塞):
 * a blocking call must not run on the event loop; move it to a thread pool.
 * <pre>{@code
 * # ❌ Synchronous and blocking (blocks the event loop)
 * def blocking_call():
 *     time.sleep(2)  # blocks the whole event loop
 *     return "Done"
 *
 * # ✅ Asynchronous and non-blocking
 * async def non_blocking_call():
 *     await asyncio.sleep(2)  # only suspends the current coroutine
 *     return "Done"
 *
 * # Run the blocking function from async code
 * async def main():
 *     # Way 1: run it in a thread pool
 *     loop = asyncio.get_event_loop()
 *     result = await loop.run_in_executor(None, blocking_call)
 *     print(result)
 * }</pre>
 * Reactor's event loop is its non-blocking threads ({@code Schedulers.parallel()}, Netty's
 * event loops). {@code run_in_executor(None, f)} is {@code Aio.runInExecutor(null, f)}, which
 * runs {@code f} on {@code Schedulers.boundedElastic()}, the pool for blocking work
 * ({@code Aio.toThread(f)} does the same).
 * <p>Prints:
 * <pre>
 * Done
 * </pre>
 */
public final class BlockingVsNonBlocking {

    private BlockingVsNonBlocking() {}

    /**
     * ❌ {@code def blocking_call()}: synchronous and blocking; it holds its thread for two
     * seconds. Called on an event-loop thread it would stall every coroutine sharing that thread.
     *
     * @param ctx how fast time goes
     * @return {@code "Done"}
     * @throws InterruptedException if interrupted while sleeping
     */
    static String blockingCall(SampleContext ctx) throws InterruptedException {
        ctx.sleepBlocking(2); // blocks the whole thread
        return "Done";
    }

    /**
     * ✅ {@code async def non_blocking_call()}: asynchronous; waiting holds no thread.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} with {@code "Done"} after two seconds
     */
    static Mono<String> nonBlockingCall(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(2), "Done"); // suspends only this coroutine
    }

    /**
     * {@code async def main()}: runs {@code blocking_call} on the default thread pool.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when the blocking call returned
     */
    public static Mono<Void> main(SampleContext ctx) {
        // Way 1: run it in a thread pool (null = the default pool for blocking work).
        return Aio.runInExecutor(null, () -> blockingCall(ctx))
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
