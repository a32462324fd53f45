package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/** {@code Scannable} answers of {@link Task#await()}, in reactor-core's scan test style. */
class TaskScanTest {

    @Test
    void scanAwaitAndItsSubscriber() {
        Task<String> task = Aio.createTask(Mono.never());
        assertThat(Scannable.from(task.await()).scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);

        Subscription[] captured = new Subscription[1];
        BaseSubscriber<String> actual = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                captured[0] = s;
            }
        };
        task.awaitDetached().subscribe(actual);
        Scannable awaiter = Scannable.from(captured[0]);
        assertThat(awaiter.scanUnsafe(Attr.ACTUAL)).isSameAs(actual);
        assertThat(awaiter.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(awaiter.scan(Attr.CANCELLED)).isFalse();
        captured[0].cancel();
        assertThat(awaiter.scan(Attr.CANCELLED)).isTrue();
        task.cancel();
    }

    @Test
    void scanTheTasksSubscriberToItsCoroutine() {
        CoreSubscriber<?>[] body = new CoreSubscriber<?>[1];
        Subscription upstream = Operators.emptySubscription();
        Mono<String> coro = new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super String> actual) {
                body[0] = actual;
                actual.onSubscribe(upstream);
            }
        };
        Task<String> task = Aio.createTask(coro);
        Scannable test = Scannable.from(body[0]);
        assertThat(test.scanUnsafe(Attr.PARENT)).isSameAs(upstream);
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
        task.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
    }
}
