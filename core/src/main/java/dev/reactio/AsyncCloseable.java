package dev.reactio;

import reactor.core.publisher.Mono;

/**
 * A resource closed asynchronously: Python's {@code aclose()}, as used by
 * {@code contextlib.aclosing}. Scope one with
 * {@link Aio#using(Mono, java.util.function.Function)}.
 */
@FunctionalInterface
public interface AsyncCloseable {

    /**
     * Closes this resource. Reactio's {@code aclose()}.
     *
     * @return a {@code Mono} that completes when the resource is closed
     */
    Mono<Void> aclose();
}
