package dev.reactio.sync;

import java.util.function.Consumer;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The cold {@code Mono} behind {@code acquire()}, {@code await()}, {@code get()}, {@code put()}
 * and {@code join()}: every subscription goes to the primitive, which creates a waiter for it if
 * it has to wait. Stateless, so a primitive keeps one instance per operation and returns it from
 * every call.
 *
 * @param <T> the value type
 */
final class OnSubscribe<T> extends Mono<T> {

    private final Consumer<CoreSubscriber<? super T>> subscribe;

    OnSubscribe(Consumer<CoreSubscriber<? super T>> subscribe) {
        this.subscribe = subscribe;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        subscribe.accept(actual);
    }
}
