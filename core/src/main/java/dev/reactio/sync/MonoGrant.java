package dev.reactio.sync;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;

/**
 * The cold {@code Mono} a caller waits on for a primitive's grant: the lock or a permit
 * ({@code acquire()}), an item ({@code get()}), the event ({@code AsyncEvent.await()}), the
 * barrier's trip ({@code AsyncBarrier.await()}), a notification ({@code AsyncCondition.await()})
 * or the end of the queue's work ({@code join()}). Each subscriber is handed to the primitive,
 * which grants it at once or queues a {@link Waiter} for it. Stateless, so a primitive may keep one
 * instance per operation and returns it from every call.
 *
 * @param <T> the value granted ({@code Void} for a plain completion)
 */
final class MonoGrant<T> extends Mono<T> implements Scannable {

    private final Consumer<CoreSubscriber<? super T>> subscribe;

    MonoGrant(Consumer<CoreSubscriber<? super T>> subscribe) {
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
