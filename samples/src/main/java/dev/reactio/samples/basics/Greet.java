package dev.reactio.samples.basics;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Coroutine basics &gt; async/await syntax" (协程基础 &gt; async/await 语法):
 * define a coroutine, await it from {@code main}, and run {@code main} with
 * {@code asyncio.run(main())}.
 * <pre>{@code
 * async def greet(name):
 *     """Define a coroutine"""
 *     print(f"Hello, {name}!")
 *     await asyncio.sleep(1)  # wait asynchronously
 *     print(f"Goodbye, {name}!")
 *     return f"Greeted {name}"
 *
 * # Run the coroutine
 * async def main():
 *     result = await greet("Alice")
 *     print(result)
 *
 * asyncio.run(main())  # Python 3.7+
 * }</pre>
 * An {@code async def} becomes a method returning a cold {@code Mono}; {@code await} becomes
 * chaining ({@code then}, {@code flatMap}). The tutorial's older form,
 * {@code loop.run_until_complete(main())}, has no counterpart: {@code Aio.run} is the one entry point.
 * <p>Prints:
 * <pre>
 * Hello, Alice!
 * Goodbye, Alice!
 * Greeted Alice
 * </pre>
 */
public final class Greet {

    private Greet() {}

    /**
     * {@code async def greet(name)}: says hello, waits one second without blocking, says goodbye.
     *
     * @param ctx where to print and how fast time goes
     * @param name who to greet
     * @return a cold {@code Mono} with {@code "Greeted <name>"}
     */
    static Mono<String> greet(SampleContext ctx, String name) {
        return Mono.defer(() -> {
            ctx.print("Hello, " + name + "!");
            return Aio.sleep(ctx.seconds(1)) // wait asynchronously
                    .then(Mono.fromSupplier(() -> {
                        ctx.print("Goodbye, " + name + "!");
                        return "Greeted " + name;
                    }));
        });
    }

    /**
     * {@code async def main()}: awaits {@code greet("Alice")} and prints its result.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when done
     */
    public static Mono<Void> main(SampleContext ctx) {
        return greet(ctx, "Alice").doOnNext(ctx::print).then();
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
