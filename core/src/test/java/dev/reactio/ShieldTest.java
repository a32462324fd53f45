package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.context.Context;

/** {@link Aio#shield}: asyncio.shield. */
class ShieldTest {

    @Test
    void cancellingTheShieldDoesNotCancelTheInnerWork() {
        VirtualTimeScheduler vts = VirtualTimeScheduler.getOrSet();
        try {
            AtomicReference<String> finished = new AtomicReference<>();
            Disposable outer = Aio.shield(
                            Aio.sleep(Duration.ofSeconds(2), "done").doOnNext(finished::set))
                    .subscribe();
            vts.advanceTimeBy(Duration.ofSeconds(1));
            outer.dispose();
            vts.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(finished).hasValue("done");
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void aShieldedTaskAwaitSurvivesTheCancelledAwaiter() {
        Task<String>[] task = new Task[1];
        StepVerifier.withVirtualTime(() -> {
                    task[0] = Aio.createTask(Aio.sleep(Duration.ofSeconds(2), "kept"));
                    return Aio.waitFor(Aio.shield(task[0].await()), Duration.ofSeconds(1));
                })
                .thenAwait(Duration.ofSeconds(1))
                .expectError(java.util.concurrent.TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(task[0].cancelled()).isFalse();
        assertThat(task[0].done()).isFalse();
    }

    @Test
    void anUnshieldedTaskAwaitIsCancelledWithItsAwaiter() {
        Task<String>[] task = new Task[1];
        StepVerifier.withVirtualTime(() -> {
                    task[0] = Aio.createTask(Aio.sleep(Duration.ofSeconds(2), "lost"));
                    return Aio.waitFor(task[0].await(), Duration.ofSeconds(1));
                })
                .thenAwait(Duration.ofSeconds(1))
                .expectError(java.util.concurrent.TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(task[0].cancelled()).isTrue();
    }

    @Test
    void passesTheValueAndTheErrorThrough() {
        StepVerifier.create(Aio.shield(Mono.just(1))).expectNext(1).verifyComplete();
        StepVerifier.create(Aio.shield(Mono.error(new IllegalStateException("x"))))
                .expectErrorMessage("x")
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void theShieldedWorkSeesTheSubscriberContext() {
        StepVerifier.create(Aio.shield(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("user"))))
                        .contextWrite(Context.of("user", "alice")))
                .expectNext("alice")
                .verifyComplete();
    }
}
