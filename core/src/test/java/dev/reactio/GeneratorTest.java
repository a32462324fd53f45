package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** {@link Aio#generator} and {@link Aio#iterate}: async generators and iterators. */
class GeneratorTest {

    /** The tutorial's async_range: sleeps, then yields i. */
    static Flux<Integer> asyncRange(int n, List<String> log) {
        return Aio.generator(emitter -> Flux.range(0, n)
                .concatMap(i -> Aio.sleep(Duration.ofMillis(500))
                        .then(Mono.fromRunnable(() -> log.add("yield " + i)))
                        .then(emitter.emit(i)))
                .then());
    }

    @Nested
    class Generator {

        @Test
        void yieldsEveryValueInOrder() {
            StepVerifier.withVirtualTime(() -> asyncRange(5, new CopyOnWriteArrayList<>()))
                    .thenAwait(Duration.ofSeconds(3))
                    .expectNext(0, 1, 2, 3, 4)
                    .verifyComplete();
        }

        @Test
        void theBodyDoesNotStartBeforeTheFirstRequest() {
            AtomicInteger calls = new AtomicInteger();
            Flux<Integer> gen = Aio.generator(emitter -> {
                calls.incrementAndGet();
                return emitter.emit(1);
            });
            StepVerifier.create(gen, 0)
                    .expectSubscription()
                    .then(() -> assertThat(calls).hasValue(0))
                    .thenRequest(1)
                    .expectNext(1)
                    .thenRequest(1) // like __anext__ again: runs the body past its last yield
                    .verifyComplete();
            assertThat(calls).hasValue(1);
        }

        @Test
        void theBodyNeverRunsAheadOfDemand() {
            List<String> log = new CopyOnWriteArrayList<>();
            StepVerifier.withVirtualTime(() -> asyncRange(5, log), 0)
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(10))
                    .then(() -> assertThat(log)
                            .as("nothing before the first request")
                            .isEmpty())
                    .thenRequest(1)
                    .thenAwait(Duration.ofMillis(500))
                    .expectNext(0)
                    .thenAwait(Duration.ofSeconds(10))
                    .then(() -> assertThat(log).as("suspended at its yield").containsExactly("yield 0"))
                    .thenRequest(2)
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNext(1, 2)
                    .thenAwait(Duration.ofSeconds(10))
                    .then(() -> assertThat(log).containsExactly("yield 0", "yield 1", "yield 2"))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void cancellingRunsTheBodysCleanup() {
            List<SignalType> finallies = new CopyOnWriteArrayList<>();
            Flux<Integer> gen = Aio.generator(emitter ->
                    Flux.range(0, 1_000).concatMap(emitter::emit).then().doFinally(finallies::add));
            StepVerifier.create(gen, 2).expectNext(0, 1).thenCancel().verify(Duration.ofSeconds(5));
            assertThat(finallies).containsExactly(SignalType.CANCEL);
        }

        @Test
        void theBodysErrorEndsTheFlux() {
            Flux<Integer> gen =
                    Aio.generator(emitter -> emitter.emit(1).then(Mono.error(new IllegalStateException("gen failed"))));
            StepVerifier.create(gen)
                    .expectNext(1)
                    .expectErrorMessage("gen failed")
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void aBodyThatThrowsEndsTheFluxWithThatError() {
            Flux<Integer> gen = Aio.generator(emitter -> {
                throw new IllegalArgumentException("bad body");
            });
            StepVerifier.create(gen).expectErrorMessage("bad body").verify(Duration.ofSeconds(5));
        }

        @Test
        void emittingTwiceWithoutWaitingIsAnError() {
            Flux<Integer> gen = Aio.generator(emitter -> {
                Mono<Void> first = emitter.emit(1);
                return Mono.when(first, emitter.emit(2));
            });
            StepVerifier.create(gen, 0)
                    .thenRequest(1)
                    .expectNext(1)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("before the previous emit() completed"))
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void manySynchronousEmitsDoNotOverflowTheStack() {
            Flux<Integer> gen = Aio.generator(
                    emitter -> Flux.range(0, 200_000).concatMap(emitter::emit).then());
            StepVerifier.create(gen.count()).expectNext(200_000L).verifyComplete();
        }

        @Test
        void handsOffSafelyBetweenThreads() {
            Flux<Integer> gen = Aio.generator(emitter -> Flux.range(0, 10_000)
                    .concatMap(i -> emitter.emit(i).publishOn(Schedulers.parallel()))
                    .then());
            StepVerifier.create(gen.publishOn(Schedulers.boundedElastic(), 1).reduce(0L, Long::sum))
                    .expectNext(49_995_000L)
                    .verifyComplete();
        }

        @Test
        void theBodySeesTheSubscriberContext() {
            Flux<String> gen =
                    Aio.generator(emitter -> Mono.deferContextual(ctx -> emitter.emit(ctx.<String>get("user"))));
            StepVerifier.create(gen.contextWrite(Context.of("user", "bob")))
                    .expectNext("bob")
                    .verifyComplete();
        }

        @Test
        void collectsLikeAnAsyncComprehension() {
            StepVerifier.withVirtualTime(
                            () -> asyncRange(5, new CopyOnWriteArrayList<>()).collectList())
                    .thenAwait(Duration.ofSeconds(3))
                    .expectNext(List.of(0, 1, 2, 3, 4))
                    .verifyComplete();
        }
    }

    @Nested
    class Iterate {

        /** The tutorial's AsyncIterator(stop). */
        static final class Counter implements AsyncIterator<Integer> {
            final int stop;
            int current;
            final AtomicInteger calls = new AtomicInteger();

            Counter(int stop) {
                this.stop = stop;
            }

            @Override
            public Mono<Integer> next() {
                calls.incrementAndGet();
                if (current < stop) {
                    int value = current++;
                    return Aio.sleep(Duration.ofMillis(500), value);
                }
                return Mono.empty(); // StopAsyncIteration
            }
        }

        @Test
        void yieldsUntilNextCompletesEmpty() {
            StepVerifier.withVirtualTime(() -> Aio.iterate(new Counter(5)))
                    .thenAwait(Duration.ofSeconds(3))
                    .expectNext(0, 1, 2, 3, 4)
                    .verifyComplete();
        }

        @Test
        void callsNextOnlyOnDemand() {
            Counter counter = new Counter(5);
            StepVerifier.withVirtualTime(() -> Aio.iterate(counter), 0)
                    .expectSubscription()
                    .then(() -> assertThat(counter.calls).hasValue(0))
                    .thenRequest(1)
                    .thenAwait(Duration.ofMillis(500))
                    .expectNext(0)
                    .thenAwait(Duration.ofSeconds(5))
                    .then(() -> assertThat(counter.calls).hasValue(1))
                    .thenRequest(1)
                    .thenAwait(Duration.ofMillis(500))
                    .expectNext(1)
                    .then(() -> assertThat(counter.calls).hasValue(2))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void anErrorFromNextEndsTheFlux() {
            AsyncIterator<Integer> failing = () -> Mono.error(new IllegalStateException("next failed"));
            StepVerifier.create(Aio.iterate(failing))
                    .expectErrorMessage("next failed")
                    .verify(Duration.ofSeconds(5));
        }
    }
}
