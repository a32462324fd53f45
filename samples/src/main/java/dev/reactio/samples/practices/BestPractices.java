package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.Task;
import dev.reactio.samples.SampleContext;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async best practices &gt; Best practices" (异步最佳实践 &gt; 最佳实践): the
 * recommended patterns, made runnable. The tutorial's fragments print nothing; this sample
 * prints what each pattern produces. {@code fetch_url} only pretends to fetch (HTTP samples
 * come with the {@code http} module).
 * <pre>{@code
 * # ✅ Use asyncio.gather to run concurrently
 * results = await asyncio.gather(
 *     fetch_url(url1),
 *     fetch_url(url2),
 *     fetch_url(url3)
 * )
 *
 * # ✅ Use create_task to schedule early
 * task = asyncio.create_task(slow_operation())
 * # do other things
 * result = await task
 *
 * # ✅ Use timeouts
 * try:
 *     result = await asyncio.wait_for(operation(), timeout=5.0)
 * except asyncio.TimeoutError:
 *     print("Operation timed out")
 *
 * # ❌ Don't block inside async functions
 * async def bad():
 *     time.sleep(1)  # blocks the event loop
 *
 * # ✅ Use the async version
 * async def good():
 *     await asyncio.sleep(1)  # non-blocking
 * }</pre>
 * The ❌ {@code bad()} is not run here: the {@code debug-mode} sample runs it and shows debug
 * mode reporting it. In Java it would be
 * {@code Mono.fromCallable(() -> { Thread.sleep(1000); return null; })} on a non-blocking thread.
 * <p>Prints:
 * <pre>
 * ['content of url1', 'content of url2', 'content of url3']
 * Doing other things while slow_operation runs
 * slow_operation result
 * operation result
 * good() waited 1 second without blocking a thread
 * </pre>
 * With a time scale of 0 (as in tests) both the operation and its timeout take no time, and
 * which one wins is up to the threads: {@code Operation timed out} may be printed instead.
 */
public final class BestPractices {

    private BestPractices() {}

    /**
     * {@code async def fetch_url(url)}: pretends to download {@code url} in one second.
     *
     * @param ctx how fast time goes
     * @param url what to fetch
     * @return a cold {@code Mono} with {@code "content of <url>"}
     */
    static Mono<String> fetchUrl(SampleContext ctx, String url) {
        return Aio.sleep(ctx.seconds(1), "content of " + url);
    }

    /**
     * {@code async def slow_operation()}: takes two seconds.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} with a result
     */
    static Mono<String> slowOperation(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(2), "slow_operation result");
    }

    /**
     * {@code async def operation()}: takes one second, well within its timeout.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} with a result
     */
    static Mono<String> operation(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(1), "operation result");
    }

    /**
     * ✅ {@code async def good()}: waits without holding a thread.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} that completes after one second
     */
    static Mono<Void> good(SampleContext ctx) {
        return Aio.sleep(ctx.seconds(1)); // non-blocking
    }

    /**
     * {@code async def main()}: each good practice in turn.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes after all of them
     */
    public static Mono<Void> main(SampleContext ctx) {
        // ✅ Use Aio.gather to run concurrently.
        Mono<Void> gather = Aio.gather(fetchUrl(ctx, "url1"), fetchUrl(ctx, "url2"), fetchUrl(ctx, "url3"))
                .doOnNext(ctx::print)
                .then();

        // ✅ Use createTask to schedule early.
        Mono<Void> scheduleEarly = Mono.defer(() -> {
            Task<String> task = Aio.createTask(slowOperation(ctx));
            ctx.print("Doing other things while slow_operation runs"); // do other things
            return task.await().doOnNext(ctx::print).then();
        });

        // ✅ Use timeouts.
        Mono<Void> timeout = Aio.waitFor(operation(ctx), ctx.seconds(5.0))
                .doOnNext(ctx::print)
                .onErrorResume(TimeoutException.class, e -> {
                    ctx.print("Operation timed out");
                    return Mono.empty();
                })
                .then();

        // ✅ Use the async version of sleep.
        Mono<Void> nonBlocking =
                good(ctx).then(Mono.fromRunnable(() -> ctx.print("good() waited 1 second without blocking a thread")));

        return gather.then(scheduleEarly).then(timeout).then(nonBlocking);
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
