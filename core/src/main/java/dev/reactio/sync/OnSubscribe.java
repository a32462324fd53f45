package dev.reactio.sync;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;

/**
 * The cold {@code Mono} behind {@code acquire()}, {@code await()}, {@code get()}, {@code put()}
 * and {@code join()}: every subscription goes to the primitive, which creates a waiter for it if
 * it has to wait. Stateless, so a primitive keeps one instance per operation and returns it from
 * every call.
 *
 * @param <T> the value type
 */
final class OnSubscribe<T> extends Mono<T> implements Scannable {

    private final Consumer<CoreSubscriber<? super T>> subscribe;

    OnSubscribe(Consumer<CoreSubscriber<? super T>> subscribe) {
        this.subscribe = subscribe;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        subscribe.accept(actual);
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC; // signals on the thread that grants, no scheduler hop
        }
        return null;
    }
}
