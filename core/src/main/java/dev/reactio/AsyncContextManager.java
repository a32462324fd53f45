package dev.reactio;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * An async context manager, the target of {@code async with}: {@code __aenter__} is
 * {@link #enter()}, {@code __aexit__} is {@link #exit(Throwable)}. Use one with
 * {@link Aio#using(AsyncContextManager, java.util.function.Function)}.
 *
 * @param <R> what {@code enter} gives to the body (the {@code as} target)
 */
public interface AsyncContextManager<R> {

    /**
     * Acquires the resource. Reactio's {@code __aenter__}.
     *
     * @return a {@code Mono} with the value bound by {@code async with ... as value}
     */
    Mono<R> enter();

    /**
     * Releases the resource. Reactio's {@code __aexit__}; {@link Aio#using} calls it exactly
     * once after {@link #enter()} succeeded.
     *
     * @param errorOrNull {@code null} if the body completed, its error if it failed, or a
     *     {@link java.util.concurrent.CancellationException} if it was cancelled
     * @return a {@code Mono} that completes when the resource is released
     */
    Mono<Void> exit(@Nullable Throwable errorOrNull);
}
