package dev.reactio.samples.protocols;

import dev.reactio.Aio;
import dev.reactio.AsyncIterator;
import dev.reactio.samples.SampleContext;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async iterators" (异步迭代器): a class with {@code __aiter__} and
 * {@code __anext__}, consumed with {@code async for}.
 * <pre>{@code
 * class AsyncIterator:
 *     def __init__(self, stop):
 *         self.stop = stop
 *         self.current = 0
 *
 *     def __aiter__(self):
 *         return self
 *
 *     async def __anext__(self):
 *         if self.current < self.stop:
 *             await asyncio.sleep(0.5)
 *             value = self.current
 *             self.current += 1
 *             return value
 *         raise StopAsyncIteration
 *
 * async def main():
 *     async for num in AsyncIterator(5):
 *         print(num)
 * }</pre>
 * {@code __anext__} is {@link AsyncIterator#next()}; raising {@code StopAsyncIteration} is
 * returning an empty {@code Mono}. {@link Aio#iterate(AsyncIterator)} turns the iterator into a
 * {@code Flux} (the {@code async for}), calling {@code next()} one at a time.
 * <p>Prints:
 * <pre>
 * 0
 * 1
 * 2
 * 3
 * 4
 * </pre>
 */
public final class AsyncIteratorSample {

    private AsyncIteratorSample() {}

    /**
     * The tutorial's {@code class AsyncIterator}: counts from 0 up to {@code stop}, one number
     * every half second. Renamed, since {@link AsyncIterator} is Reactio's interface.
     * <p>Not threadsafe on its own; {@link Aio#iterate(AsyncIterator)} never overlaps two
     * {@code next()} calls, and each call happens-after the previous one completed.
     */
    static final class Counter implements AsyncIterator<Integer> {

        private final SampleContext ctx;
        private final int stop;
        private int current;

        Counter(SampleContext ctx, int stop) {
            this.ctx = ctx;
            this.stop = stop;
        }

        /** {@code __anext__}. */
        @Override
        public Mono<Integer> next() {
            if (current < stop) {
                return Aio.sleep(ctx.seconds(0.5)).then(Mono.fromSupplier(() -> {
                    int value = current;
                    current++;
                    return value;
                }));
            }
            return Mono.empty(); // raise StopAsyncIteration
        }
    }

    /**
     * {@code async def main()}: {@code async for num in AsyncIterator(5): print(num)}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when the iterator is exhausted
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.defer(
                () -> Aio.iterate(new Counter(ctx, 5)).doOnNext(ctx::print).then());
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
