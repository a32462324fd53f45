package dev.reactio;

import reactor.core.publisher.Mono;

/**
 * Where an async generator body yields its values: {@code yield value} becomes
 * {@code emitter.emit(value)}.
 *
 * @param <T> the type of the values
 * @see Aio#generator(java.util.function.Function)
 */
@FunctionalInterface
public interface Emitter<T> {

    /**
     * Yields one value to the consumer of the generator. Reactio's {@code yield}.
     * <p>Nothing happens until subscribed. The returned {@code Mono} completes once the value
     * was delivered <em>and</em> the consumer asked for more, so a body that chains its next
     * step after it never runs ahead of the consumer. Chain every {@code emit} into the body;
     * calling {@code emit} again before the previous one completed fails with
     * {@code IllegalStateException}.
     * <p>Cancelling the generator's {@code Flux} cancels the body and so the pending {@code emit}.
     *
     * @param value the value to yield, not null
     * @return a cold {@code Mono} that completes when the consumer wants the next value
     * @throws NullPointerException if {@code value} is null (Reactive Streams carry no nulls)
     */
    Mono<Void> emit(T value);
}
