package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async best practices &gt; Common pitfalls" (异步最佳实践 &gt; 常见陷阱):
 * forgetting to await. A coroutine call only builds the coroutine; in Reactio, a method
 * returning {@code Mono} only builds a pipeline, and nothing runs until it is subscribed.
 * <pre>{@code
 * # ❌ Forgetting await
 * async def bad():
 *     result = fetch_data()  # forgot await
 *     print(result)  # a coroutine object
 *
 * # ✅ Use await properly
 * async def good():
 *     result = await fetch_data()
 *     print(result)
 *
 * # ❌ Calling a coroutine from a plain function
 * def bad():
 *     fetch_data()  # does not run
 *
 * # ✅ Use asyncio.run
 * def good():
 *     asyncio.run(fetch_data())
 * }</pre>
 * Where Python prints {@code <coroutine object fetch_data at 0x...>}, Java prints the
 * {@code Mono}'s class, such as {@code MonoDefer}. Nothing warns about a Mono that is never
 * subscribed (Python warns "coroutine 'fetch_data' was never awaited"); the missing
 * {@code Fetching data} lines are the only sign.
 * <p>Prints:
 * <pre>
 * --- bad(): forgot to await
 * MonoDefer
 * --- good(): awaited
 * Fetching data
 * Data
 * --- plain badPlain(): the Mono is built, never subscribed
 * --- plain goodPlain(): Aio.run subscribes
 * Fetching data
 * </pre>
 */
public final class Pitfalls {

    private Pitfalls() {}

    /**
     * {@code async def fetch_data()}: prints, then takes one second.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} with {@code "Data"}; nothing is printed until it is subscribed
     */
    static Mono<String> fetchData(SampleContext ctx) {
        return Mono.defer(() -> {
            ctx.print("Fetching data");
            return Aio.sleep(ctx.seconds(1), "Data");
        });
    }

    /**
     * ❌ {@code async def bad()}: forgets to await, so it prints a {@code Mono}, not data.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}
     */
    static Mono<Void> bad(SampleContext ctx) {
        return Mono.fromRunnable(() -> {
            Mono<String> result = fetchData(ctx); // forgot to await (subscribe)
            ctx.print(result); // a Mono object, like Python's coroutine object
        });
    }

    /**
     * ✅ {@code async def good()}: awaits, by chaining onto {@code fetch_data()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}
     */
    static Mono<Void> good(SampleContext ctx) {
        return fetchData(ctx).doOnNext(ctx::print).then();
    }

    /**
     * ❌ {@code def bad()}: a plain method calls the coroutine and drops the {@code Mono}.
     *
     * @param ctx where to print and how fast time goes
     */
    static void badPlain(SampleContext ctx) {
        fetchData(ctx); // does not run: nobody subscribes
    }

    /**
     * ✅ {@code def good()}: a plain method runs the coroutine with {@code Aio.run}.
     *
     * @param ctx where to print and how fast time goes
     */
    static void goodPlain(SampleContext ctx) {
        Aio.run(fetchData(ctx));
    }

    /**
     * Runs the four functions, each after a heading.
     *
     * @param ctx where to print and how fast time goes
     */
    public static void run(SampleContext ctx) {
        ctx.print("--- bad(): forgot to await");
        Aio.run(bad(ctx));
        ctx.print("--- good(): awaited");
        Aio.run(good(ctx));
        ctx.print("--- plain badPlain(): the Mono is built, never subscribed");
        badPlain(ctx);
        ctx.print("--- plain goodPlain(): Aio.run subscribes");
        goodPlain(ctx);
    }
}
