package dev.reactio;

import reactor.core.publisher.Mono;

/**
 * An async iterator: {@code __anext__} is {@link #next()}, and {@code StopAsyncIteration}
 * is a {@code next()} that completes empty. Turn one into a {@code Flux} (for
 * {@code async for}) with {@link Aio#iterate(AsyncIterator)}.
 *
 * <pre>{@code
 * AsyncIterator<Integer> countdown = new AsyncIterator<>() {
 *     int left = 3;
 *     public Mono<Integer> next() {
 *         return left == 0 ? Mono.empty() : Aio.sleep(Duration.ofMillis(500), left--);
 *     }
 * };
 * Aio.iterate(countdown).doOnNext(System.out::println).blockLast();
 * }</pre>
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface AsyncIterator<T> {

    /**
     * Produces the next value. Reactio's {@code __anext__}.
     * <p>{@link Aio#iterate(AsyncIterator)} calls it only when the consumer wants a value and
     * never before the previous {@code next()} has completed.
     *
     * @return a {@code Mono} with the next value, or an empty one when the iteration is over
     */
    Mono<T> next();
}
