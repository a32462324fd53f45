package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link Aio#sleep(Duration)}: asyncio.sleep. */
class SleepTest {

    @Test
    void completesAfterTheDelay() {
        StepVerifier.withVirtualTime(() -> Aio.sleep(Duration.ofSeconds(1)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
    }

    @Test
    void producesTheResultAfterTheDelay() {
        StepVerifier.withVirtualTime(() -> Aio.sleep(Duration.ofSeconds(2), "Done"))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("Done")
                .verifyComplete();
    }

    @Test
    void completesEmptyWithANullResult() {
        StepVerifier.withVirtualTime(() -> Aio.sleep(Duration.ofSeconds(1), null))
                .thenAwait(Duration.ofSeconds(1))
                .verifyComplete();
    }

    @Test
    void zeroYieldsOnceToTheTimerInsteadOfCompletingOnTheCallersThread() {
        String caller = Thread.currentThread().getName();
        StepVerifier.create(Aio.sleep(Duration.ZERO)
                        .then(Mono.fromCallable(() -> Thread.currentThread().getName())))
                .assertNext(thread -> assertThat(thread).isNotEqualTo(caller).startsWith("parallel-"))
                .verifyComplete();
    }

    @Test
    void negativeDelayCountsAsZero() {
        StepVerifier.withVirtualTime(() -> Aio.sleep(Duration.ofSeconds(-5), 7))
                .expectSubscription()
                .thenAwait()
                .expectNext(7)
                .verifyComplete();
    }

    @Test
    void cancellingCancelsTheTimer() {
        AtomicBoolean fired = new AtomicBoolean();
        StepVerifier.withVirtualTime(() -> Aio.sleep(Duration.ofSeconds(1)).doOnSuccess(v -> fired.set(true)))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(500))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(fired).isFalse();
    }
}
