package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/** {@link Aio#asCompleted}: asyncio.as_completed. */
class AsCompletedTest {

    @Test
    void emitsValuesInCompletionOrder() {
        StepVerifier.withVirtualTime(() -> Aio.asCompleted(List.of(
                        Aio.sleep(Duration.ofSeconds(3), "C"),
                        Aio.sleep(Duration.ofSeconds(1), "A"),
                        Aio.sleep(Duration.ofSeconds(2), "B"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .expectNext("A")
                .expectNoEvent(Duration.ofSeconds(1))
                .expectNext("B")
                .expectNoEvent(Duration.ofSeconds(1))
                .expectNext("C")
                .verifyComplete();
    }

    @Test
    void subscribesToManySourcesAtOnce() {
        List<Mono<Integer>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            many.add(Aio.sleep(Duration.ofSeconds(1), i));
        }
        StepVerifier.withVirtualTime(() -> Aio.asCompleted(many))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1)) // all 1000 in one second: none waited for a slot
                .expectNextCount(1_000)
                .verifyComplete();
    }

    @Test
    void theTimeoutIsOneDeadlineForAllNotAGapBetweenItems() {
        PublisherProbe<String> last = PublisherProbe.of(Aio.sleep(Duration.ofSeconds(10), "late"));
        StepVerifier.withVirtualTime(() -> Aio.asCompleted(
                        List.of(
                                Aio.sleep(Duration.ofSeconds(2), "A"),
                                Aio.sleep(Duration.ofSeconds(4), "B"),
                                last.mono()),
                        Duration.ofSeconds(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("A")
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("B")
                // only 1 s after B: a per-item timeout of 5 s would wait until 9 s
                .expectNoEvent(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(TimeoutException.class)
                        .hasMessage("Aio.asCompleted: not every source completed within PT5S; the rest were cancelled"))
                .verify(Duration.ofSeconds(2));
        last.assertWasCancelled();
    }

    @Test
    void cancellingCancelsTheRemainingSources() {
        PublisherProbe<String> pending = PublisherProbe.of(Mono.never());
        Aio.asCompleted(List.of(pending.mono(), Mono.just("now"))).take(1).subscribe();
        pending.assertWasCancelled();
    }

    @Test
    void anErrorEndsTheFluxAndCancelsTheOthers() {
        // Unlike asyncio, whose iterator lets the caller go on: a Flux ends at its first error.
        PublisherProbe<String> pending = PublisherProbe.of(Mono.never());
        StepVerifier.create(
                        Aio.asCompleted(List.of(pending.mono(), Mono.<String>error(new IllegalStateException("x")))))
                .expectErrorMessage("x")
                .verify(Duration.ofSeconds(2));
        assertThat(pending.wasCancelled()).isTrue();
    }
}
