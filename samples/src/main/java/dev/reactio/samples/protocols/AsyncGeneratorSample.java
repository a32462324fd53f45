package dev.reactio.samples.protocols;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async generators" (异步生成器): an async generator consumed with
 * {@code async for}, then with an async list comprehension.
 * <pre>{@code
 * async def async_range(n):
 *     """An async generator"""
 *     for i in range(n):
 *         await asyncio.sleep(0.5)
 *         yield i
 *
 * async def main():
 *     # Use the async generator
 *     async for num in async_range(5):
 *         print(num)
 *
 *     # Async list comprehension
 *     result = [num async for num in async_range(5)]
 *     print(result)
 * }</pre>
 * {@link Aio#generator} is pull-based like Python's: each {@code emitter.emit(i)} (the
 * {@code yield}) completes only when the consumer wants the next value. {@code async for}
 * becomes {@code doOnNext}; the list comprehension becomes {@code collectList()}.
 * <p>Prints:
 * <pre>
 * 0
 * 1
 * 2
 * 3
 * 4
 * [0, 1, 2, 3, 4]
 * </pre>
 */
public final class AsyncGeneratorSample {

    private AsyncGeneratorSample() {}

    /**
     * {@code async def async_range(n)}: yields 0 to {@code n - 1}, one every half second.
     *
     * @param ctx how fast time goes
     * @param n how many numbers
     * @return a cold {@code Flux}; each subscription runs the generator afresh
     */
    static Flux<Integer> asyncRange(SampleContext ctx, int n) {
        return Aio.generator(emitter -> Flux.range(0, n)
                .concatMap(i -> Aio.sleep(ctx.seconds(0.5)).then(emitter.emit(i)))
                .then());
    }

    /**
     * {@code async def main()}: iterates {@code async_range(5)}, then collects it into a list.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes after both passes
     */
    public static Mono<Void> main(SampleContext ctx) {
        // Use the async generator: async for num in async_range(5)
        Mono<Void> asyncFor = asyncRange(ctx, 5).doOnNext(ctx::print).then();
        // Async list comprehension: [num async for num in async_range(5)]
        Mono<Void> listComprehension =
                asyncRange(ctx, 5).collectList().doOnNext(ctx::print).then();
        return asyncFor.then(listComprehension);
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
