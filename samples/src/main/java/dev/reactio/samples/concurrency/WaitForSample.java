package dev.reactio.samples.concurrency;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Concurrent execution &gt; wait_for" (并发执行 &gt; wait_for): give up on
 * an operation that takes longer than a timeout.
 * <pre>{@code
 * async def slow_operation():
 *     await asyncio.sleep(5)
 *     return "Done"
 *
 * async def main():
 *     try:
 *         # Wait at most 2 seconds
 *         result = await asyncio.wait_for(slow_operation(), timeout=2.0)
 *         print(result)
 *     except asyncio.TimeoutError:
 *         print("Operation timed out")
 * }</pre>
 * {@code asyncio.TimeoutError} is {@link TimeoutException}; {@code try/except} becomes
 * {@code onErrorResume}. {@link Aio#waitFor} cancels the slow operation before it reports the
 * timeout, so nothing keeps running.
 * <p>Prints:
 * <pre>
 * Operation timed out
 * </pre>
 * With a time scale of 0 (as in tests) both the operation and the timeout take no time, and
 * which one wins is up to the threads: {@code Done} may be printed instead.
 */
public final class WaitForSample {

    private WaitForSample() {}

    /**
     * {@code async def slow_operation()}: takes five seconds.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} with {@code "Done"}
     */
    static Mono<String> slowOperation(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(5), "Done");
    }

    /**
     * {@code async def main()}: waits at most two seconds for {@code slow_operation()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes after the timeout
     */
    public static Mono<Void> main(SampleContext ctx) {
        // Wait at most 2 seconds.
        return Aio.waitFor(slowOperation(ctx), ctx.seconds(2.0))
                .doOnNext(ctx::print)
                .onErrorResume(TimeoutException.class, e -> {
                    ctx.print("Operation timed out");
                    return Mono.empty();
                })
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
