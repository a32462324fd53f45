package dev.reactio.sync;

import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * {@code async with primitive:}: acquire at subscription, run the body, release exactly once
 * on success, error and cancel ({@code Mono.usingWhen}, the shape of reactor-pool's
 * {@code Pool#withPoolable}).
 */
final class Scoped {

    private static final Object HELD = new Object();

    private Scoped() {
    }

    static <T> Mono<T> with(Mono<Void> acquire, Runnable release, Mono<T> body) {
        Objects.requireNonNull(body, "body");
        Mono<Void> releasing = Mono.fromRunnable(release);
        return Mono.usingWhen(acquire.thenReturn(HELD), held -> body,
                held -> releasing, (held, error) -> releasing, held -> releasing);
    }
}
