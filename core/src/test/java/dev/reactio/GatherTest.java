package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/** {@link Aio#gather} and {@link Aio#gatherSettled}: asyncio.gather. */
class GatherTest {

    static Mono<String> task(String name, int seconds, List<String> log) {
        return Mono.defer(() -> {
            log.add(name + " started");
            return Aio.sleep(Duration.ofSeconds(seconds), name + " result").doOnNext(v -> log.add(name + " finished"));
        });
    }

    @Nested
    class Gather {

        @Test
        void runsAllConcurrentlyAndKeepsArgumentOrder() {
            List<String> log = new CopyOnWriteArrayList<>();
            StepVerifier.withVirtualTime(() -> Aio.gather(task("A", 2, log), task("B", 1, log), task("C", 3, log)))
                    .expectSubscription()
                    .then(() -> assertThat(log).containsExactly("A started", "B started", "C started"))
                    .expectNoEvent(Duration.ofSeconds(3)) // 3 s in all, not 6: they overlap
                    .expectNext(List.of("A result", "B result", "C result"))
                    .verifyComplete();
            assertThat(log).containsSubsequence("B finished", "A finished", "C finished");
        }

        @Test
        void anEmptySourceGivesANullSlotNotAnEmptyResult() {
            StepVerifier.create(Aio.gather(Mono.just("a"), Mono.<String>empty(), Mono.just("c")))
                    .assertNext(list -> assertThat(list).containsExactly("a", null, "c"))
                    .verifyComplete();
        }

        @Test
        void anAsynchronouslyEmptySourceGivesANullSlot() {
            StepVerifier.withVirtualTime(
                            () -> Aio.gather(Aio.sleep(Duration.ofSeconds(1)), Aio.sleep(Duration.ofSeconds(2), 2)))
                    .thenAwait(Duration.ofSeconds(2))
                    .assertNext(list -> assertThat(list).containsExactly(null, 2))
                    .verifyComplete();
        }

        @Test
        void ofNothingIsAnEmptyList() {
            StepVerifier.create(Aio.gather(List.<Mono<String>>of()))
                    .expectNext(List.of())
                    .verifyComplete();
        }

        @Test
        void theFirstErrorCancelsTheOtherSourcesAndIsEmitted() {
            PublisherProbe<String> slow = PublisherProbe.of(Mono.never());
            PublisherProbe<String> slower = PublisherProbe.of(Mono.never());
            IllegalStateException boom = new IllegalStateException("boom");
            StepVerifier.withVirtualTime(() -> Aio.gather(
                            slow.mono(),
                            Aio.sleep(Duration.ofSeconds(1)).then(Mono.<String>error(boom)),
                            slower.mono()))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isSameAs(boom);
                        // cancelled before the error reached us
                        slow.assertWasCancelled();
                        slower.assertWasCancelled();
                    })
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void aSynchronousErrorStopsSubscribingTheRest() {
            PublisherProbe<String> later = PublisherProbe.of(Mono.just("x"));
            StepVerifier.create(Aio.gather(Mono.error(new IllegalStateException("early")), later.mono()))
                    .expectErrorMessage("early")
                    .verify(Duration.ofSeconds(5));
            later.assertWasNotSubscribed();
        }

        @Test
        void cancellingTheGatherCancelsEverySource() {
            PublisherProbe<String> a = PublisherProbe.of(Mono.never());
            PublisherProbe<String> b = PublisherProbe.of(Mono.never());
            Aio.gather(a.mono(), b.mono()).subscribe().dispose();
            a.assertWasCancelled();
            b.assertWasCancelled();
        }

        @Test
        void acceptsAListAndManySources() {
            List<Mono<Integer>> sources = new ArrayList<>();
            Integer[] expected = new Integer[10_000];
            for (int i = 0; i < 10_000; i++) {
                sources.add(
                        i % 2 == 0 ? Mono.just(i) : Mono.fromSupplier(() -> 1).map(x -> x));
                expected[i] = i % 2 == 0 ? i : 1;
            }
            StepVerifier.create(Aio.gather(sources))
                    .assertNext(list -> assertThat(list).containsExactly(expected))
                    .verifyComplete();
        }

        @Test
        void theResultIsUnmodifiable() {
            List<String> result = Aio.run(Aio.gather(Mono.just("a")));
            assertThatThrownBy(() -> result.add("b")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void aNullSourceIsRejectedNamingItsIndex() {
            assertThatThrownBy(() -> Aio.gather(Arrays.asList(Mono.just(1), null)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("aws[1] is null");
        }

        @Test
        void isColdAndCanBeResubscribed() {
            int[] subscriptions = {0};
            Mono<List<Integer>> gather = Aio.gather(Mono.fromSupplier(() -> ++subscriptions[0]));
            assertThat(subscriptions[0]).isZero();
            assertThat(Aio.run(gather)).containsExactly(1);
            assertThat(Aio.run(gather)).containsExactly(2);
        }
    }

    @Nested
    class Settled {

        @Test
        void collectsEveryOutcomeWithoutFailing() {
            IllegalStateException boom = new IllegalStateException("boom");
            StepVerifier.withVirtualTime(() -> Aio.gatherSettled(
                            Aio.sleep(Duration.ofSeconds(2), "late"), Mono.<String>error(boom), Mono.<String>empty()))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofSeconds(2)) // waits for the slow one despite the failure
                    .assertNext(list -> assertThat(list)
                            .containsExactly(
                                    new Outcome.Success<>("late"),
                                    new Outcome.Failure<>(boom),
                                    new Outcome.Success<>(null)))
                    .verifyComplete();
        }

        @Test
        void cancellingCancelsEverySource() {
            PublisherProbe<String> a = PublisherProbe.of(Mono.never());
            Aio.gatherSettled(a.mono(), Mono.never()).subscribe().dispose();
            a.assertWasCancelled();
        }

        @Test
        void outcomeKnowsWhichItIs() {
            assertThat(new Outcome.Success<>(1).isSuccess()).isTrue();
            assertThat(new Outcome.Failure<Integer>(new RuntimeException()).isSuccess())
                    .isFalse();
            assertThatThrownBy(() -> new Outcome.Failure<>(null)).isInstanceOf(NullPointerException.class);
        }
    }
}
