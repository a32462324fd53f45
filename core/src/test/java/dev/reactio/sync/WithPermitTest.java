package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/** {@code withLock} and {@code withPermit} (async with): the lock contract, for a lock and a one-permit semaphore. */
class WithPermitTest {

    /** A lock-like primitive under test. */
    interface Guard {
        <T> Mono<T> with(Mono<T> body);

        Mono<Void> acquire();

        void release();

        boolean free();
    }

    static Stream<Guard> guards() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        return Stream.of(
                new Guard() {
                    public <T> Mono<T> with(Mono<T> body) {
                        return lock.withLock(body);
                    }

                    public Mono<Void> acquire() {
                        return lock.acquire();
                    }

                    public void release() {
                        lock.release();
                    }

                    public boolean free() {
                        return !lock.locked();
                    }

                    public String toString() {
                        return "AsyncLock";
                    }
                },
                new Guard() {
                    public <T> Mono<T> with(Mono<T> body) {
                        return semaphore.withPermit(body);
                    }

                    public Mono<Void> acquire() {
                        return semaphore.acquire();
                    }

                    public void release() {
                        semaphore.release();
                    }

                    public boolean free() {
                        return semaphore.availablePermits() == 1;
                    }

                    public String toString() {
                        return "AsyncSemaphore(1)";
                    }
                });
    }

    @ParameterizedTest
    @MethodSource("guards")
    void releasesOnSuccess(Guard g) {
        StepVerifier.create(g.with(Mono.just(1))).expectNext(1).verifyComplete();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void releasesOnError(Guard g) {
        StepVerifier.create(g.with(Mono.error(new IllegalStateException("x"))))
                .expectErrorMessage("x")
                .verify(Duration.ofSeconds(2));
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void releasesWhenCancelledWhileTheBodyRuns(Guard g) {
        PublisherProbe<Object> body = PublisherProbe.of(Mono.never());
        Disposable d = g.with(body.mono()).subscribe();
        assertThat(g.free()).isFalse();
        d.dispose();
        body.assertWasCancelled();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aWaiterCancelledBeforeItsTurnNeverRunsItsBodyAndTakesNothing(Guard g) {
        Aio.run(g.acquire());
        PublisherProbe<Object> body = PublisherProbe.of(Mono.just("x"));
        Disposable waiting = g.with(body.mono()).subscribe();
        waiting.dispose();
        g.release();
        body.assertWasNotSubscribed();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void bodiesRunOneAtATimeInArrivalOrder(Guard g) {
        List<String> log = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> Aio.gather(
                        g.with(Mono.fromRunnable(() -> log.add("A in"))
                                .then(Aio.sleep(Duration.ofSeconds(1)))
                                .doOnSuccess(v -> log.add("A out"))),
                        g.with(Mono.fromRunnable(() -> log.add("B in"))
                                .then(Aio.sleep(Duration.ofSeconds(1)))
                                .doOnSuccess(v -> log.add("B out"))),
                        g.with(Mono.fromRunnable(() -> log.add("C in"))
                                .then(Aio.sleep(Duration.ofSeconds(1)))
                                .doOnSuccess(v -> log.add("C out")))))
                .thenAwait(Duration.ofSeconds(3))
                .expectNextCount(1)
                .verifyComplete();
        assertThat(log).containsExactly("A in", "A out", "B in", "B out", "C in", "C out");
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void demandMadeBeforeTheBodyStartsIsHonoured(Guard g) {
        Aio.run(g.acquire());
        List<String> got = new ArrayList<>();
        g.with(Mono.just("late")).subscribe(got::add); // requests now, while the body cannot start
        assertThat(got).isEmpty();
        g.release();
        assertThat(got).containsExactly("late");
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aSynchronousBodyRunsHoldingThePermitAndReleasesBeforeTheValueArrives(Guard g) {
        List<Boolean> heldInside = new ArrayList<>();
        StepVerifier.create(g.with(Mono.fromCallable(() -> {
                            heldInside.add(!g.free());
                            return "v";
                        }))
                        .doOnNext(v -> heldInside.add(!g.free())))
                .expectNext("v")
                .verifyComplete();
        assertThat(heldInside).containsExactly(true, false);
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aSynchronousBodyThatThrowsReleasesAndErrors(Guard g) {
        StepVerifier.create(g.with(Mono.fromCallable(() -> {
                    throw new IllegalStateException("sync boom");
                })))
                .expectErrorMessage("sync boom")
                .verify(Duration.ofSeconds(2));
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aSynchronousBodyWaitsForDemandBeforeItsValueIsDelivered(Guard g) {
        StepVerifier.create(g.with(Mono.just("later")), 0)
                .expectSubscription()
                .then(() -> assertThat(g.free()).isTrue())
                .thenRequest(1)
                .expectNext("later")
                .verifyComplete();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aSynchronousBodyCancelledAtSubscriptionNeverRunsAndReleases(Guard g) {
        List<String> ran = new ArrayList<>();
        StepVerifier.create(g.with(Mono.fromRunnable(() -> ran.add("ran"))))
                .thenCancel()
                .verify(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void isColdUntilSubscribed(Guard g) {
        g.with(Mono.just(1));
        assertThat(g.free()).isTrue();
    }
}
