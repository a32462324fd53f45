package dev.reactio.sync;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;

/**
 * {@code withLock}/{@code withPermit} around a body of many values: {@link WithPermit}'s
 * machinery behind a {@code Flux}. The permit is held from the grant until the body completes,
 * fails or is cancelled; the subscriber's requests and cancel go to the body's subscription
 * (requests made while waiting for the permit are replayed when the body starts).
 *
 * @param <T> the body's value type
 */
final class FluxWithPermit<T> extends Flux<T> implements Scannable {

    private final PermitQueue permits;
    private final Runnable release;
    private final Publisher<? extends T> body;

    FluxWithPermit(PermitQueue permits, Runnable release, Publisher<? extends T> body) {
        this.permits = permits;
        this.release = release;
        this.body = body;
    }

    @Override
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return body;
        }
        if (key == Attr.PREFETCH) {
            return getPrefetch(); // passes requests through: no backlog of its own
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.SYNC;
        }
        return null;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        WithPermit.subscribe(permits, release, body, actual);
    }
}
