package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.testsupport.Stress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.test.util.RaceTestUtils;

/**
 * {@code withLock(Publisher)} and {@code withPermit(Publisher)}: {@code async with} around an
 * {@code async for}. The permit is held for the whole body, for a lock, a one-permit semaphore
 * and a condition's lock.
 */
class WithPermitFluxTest {

    /** A lock-like primitive under test, through its {@code Publisher} overload. */
    interface Guard {
        <T> Flux<T> with(Publisher<T> body);

        Mono<Void> acquire();

        void release();

        boolean free();
    }

    static Stream<Guard> guards() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        AsyncCondition condition = new AsyncCondition();
        return Stream.of(
                new Guard() {
                    public <T> Flux<T> with(Publisher<T> body) {
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
                    public <T> Flux<T> with(Publisher<T> body) {
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
                },
                new Guard() {
                    public <T> Flux<T> with(Publisher<T> body) {
                        return condition.withLock(body);
                    }

                    public Mono<Void> acquire() {
                        return condition.acquire();
                    }

                    public void release() {
                        condition.release();
                    }

                    public boolean free() {
                        return !condition.locked();
                    }

                    public String toString() {
                        return "AsyncCondition";
                    }
                });
    }

    @Test
    void aMonoPicksTheMonoOverloadAndAnyOtherPublisherTheFluxOne() {
        AsyncLock lock = new AsyncLock();
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        AsyncCondition condition = new AsyncCondition();
        Mono<Integer> one = lock.withLock(Mono.just(1));
        Mono<Integer> two = semaphore.withPermit(Mono.just(2));
        Mono<Integer> three = condition.withLock(Mono.just(3));
        Flux<Integer> many = lock.withLock(Flux.just(1, 2));
        Publisher<Integer> raw = subscriber -> Flux.just(4, 5).subscribe(subscriber);
        Flux<Integer> fromRaw = semaphore.withPermit(raw);
        Flux<Integer> fromCondition = condition.withLock(Flux.just(6));
        StepVerifier.create(Flux.concat(one, two, three, many, fromRaw, fromCondition))
                .expectNext(1, 2, 3, 1, 2, 4, 5, 6)
                .verifyComplete();
        assertThat(lock.locked()).isFalse();
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(condition.locked()).isFalse();
    }

    /** The snippets of the Javadoc of {@code withPermit(Publisher)} and {@code withLock(Publisher)}. */
    @Test
    void theJavadocExamplesRun() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        StepVerifier.withVirtualTime(() -> {
                    Flux<String> pages = semaphore.withPermit(
                            Flux.range(1, 3).concatMap(i -> Aio.sleep(Duration.ofMillis(10), "page " + i)));
                    return pages;
                })
                .thenAwait(Duration.ofMillis(30))
                .expectNext("page 1", "page 2", "page 3")
                .verifyComplete();
        AsyncLock lock = new AsyncLock();
        List<Integer> log = new CopyOnWriteArrayList<>();
        Flux<Integer> batch = lock.withLock(Flux.range(1, 3).doOnNext(log::add));
        StepVerifier.create(batch).expectNext(1, 2, 3).verifyComplete();
        assertThat(log).containsExactly(1, 2, 3);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
        assertThat(lock.locked()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void holdsThePermitForEveryValueAndReleasesBeforeCompletion(Guard g) {
        List<Boolean> heldAtEachValue = new ArrayList<>();
        StepVerifier.create(g.with(Flux.range(1, 3).doOnNext(v -> heldAtEachValue.add(!g.free()))))
                .expectNext(1, 2, 3)
                .verifyComplete();
        assertThat(heldAtEachValue).containsExactly(true, true, true);
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void completionReachesTheSubscriberAfterTheRelease(Guard g) {
        List<Boolean> heldAtCompletion = new ArrayList<>();
        StepVerifier.create(g.with(Flux.just("a", "b")).doOnComplete(() -> heldAtCompletion.add(!g.free())))
                .expectNext("a", "b")
                .verifyComplete();
        assertThat(heldAtCompletion).containsExactly(false);
    }

    @ParameterizedTest
    @MethodSource("guards")
    void releasesOnAnErrorAfterSomeValues(Guard g) {
        StepVerifier.create(g.with(Flux.concat(Flux.just(1), Flux.error(new IllegalStateException("mid-stream")))))
                .expectNext(1)
                .expectErrorMessage("mid-stream")
                .verify(Duration.ofSeconds(2));
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void cancellingMidStreamCancelsTheBodyAndReleases(Guard g) {
        PublisherProbe<Integer> body = PublisherProbe.of(Flux.concat(Flux.just(1), Flux.never()));
        StepVerifier.create(g.with(body.flux()))
                .expectNext(1)
                .then(() -> assertThat(g.free()).isFalse())
                .thenCancel()
                .verify(Duration.ofSeconds(2));
        body.assertWasCancelled();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void takingFewerValuesThanTheBodyHasCancelsItAndReleases(Guard g) {
        PublisherProbe<Integer> body = PublisherProbe.of(Flux.range(1, 1_000));
        StepVerifier.create(g.with(body.flux()).take(2)).expectNext(1, 2).verifyComplete();
        body.assertWasCancelled();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void aWaiterCancelledBeforeItsTurnNeverSubscribesItsBodyAndTakesNothing(Guard g) {
        Aio.run(g.acquire());
        PublisherProbe<Integer> body = PublisherProbe.of(Flux.just(1, 2));
        Disposable waiting = g.with(body.flux()).subscribe();
        waiting.dispose();
        g.release();
        body.assertWasNotSubscribed();
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void requestsGoToTheBodyOneBatchAtATime(Guard g) {
        List<Long> requested = new CopyOnWriteArrayList<>();
        StepVerifier.create(g.with(Flux.range(1, 5).doOnRequest(requested::add)), 0)
                .expectSubscription()
                .thenRequest(2)
                .expectNext(1, 2)
                .expectNoEvent(Duration.ofMillis(10)) // nothing beyond the demand
                .then(() -> assertThat(g.free())
                        .as("held while the subscriber is slow")
                        .isFalse())
                .thenRequest(3)
                .expectNext(3, 4, 5)
                .verifyComplete();
        assertThat(requested).containsExactly(2L, 3L);
        assertThat(g.free()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void demandMadeWhileWaitingIsReplayedWhenTheBodyStarts(Guard g) {
        Aio.run(g.acquire());
        List<Long> requested = new CopyOnWriteArrayList<>();
        List<Integer> got = new CopyOnWriteArrayList<>();
        g.with(Flux.range(1, 10).doOnRequest(requested::add)).subscribe(new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription s) {
                s.request(3); // before the body can start
            }

            @Override
            protected void hookOnNext(Integer value) {
                got.add(value);
            }
        });
        assertThat(got).isEmpty();
        g.release();
        assertThat(requested).containsExactly(3L);
        assertThat(got).containsExactly(1, 2, 3);
        assertThat(g.free()).as("held: the body has more to give").isFalse();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void theSubscribersContextReachesTheBody(Guard g) {
        StepVerifier.create(g.with(Flux.deferContextual(ctx -> Flux.just(ctx.<String>get("user"), "done")))
                        .contextWrite(ctx -> ctx.put("user", "alice")))
                .expectNext("alice", "done")
                .verifyComplete();
    }

    @ParameterizedTest
    @MethodSource("guards")
    void bodiesRunOneAtATimeInArrivalOrder(Guard g) {
        List<String> log = new CopyOnWriteArrayList<>();
        StepVerifier.withVirtualTime(
                        () -> Flux.merge(g.with(body("A", log)), g.with(body("B", log)), g.with(body("C", log))))
                .thenAwait(Duration.ofSeconds(6))
                .expectNextCount(6)
                .verifyComplete();
        assertThat(log).containsExactly("A in", "A out", "B in", "B out", "C in", "C out");
        assertThat(g.free()).isTrue();
    }

    private static Flux<String> body(String name, List<String> log) {
        return Flux.defer(() -> {
                    log.add(name + " in");
                    return Flux.interval(Duration.ofSeconds(1)).take(2).map(i -> name + i);
                })
                .doOnComplete(() -> log.add(name + " out"));
    }

    @ParameterizedTest
    @MethodSource("guards")
    void isColdUntilSubscribed(Guard g) {
        g.with(Flux.just(1, 2));
        assertThat(g.free()).isTrue();
    }

    @Test
    void aConditionAwaitInsideAFluxBodyWorks() {
        AsyncCondition condition = new AsyncCondition();
        List<String> items = new CopyOnWriteArrayList<>();
        Flux<String> consumer = condition.withLock(condition
                .awaitFor(() -> !items.isEmpty())
                .thenMany(Flux.defer(() -> Flux.fromIterable(new ArrayList<>(items)))));
        StepVerifier.create(consumer)
                .expectSubscription()
                .then(() -> Aio.run(condition.withLock(Mono.fromRunnable(() -> {
                    items.add("x");
                    items.add("y");
                    condition.signalAll();
                }))))
                .expectNext("x", "y")
                .verifyComplete();
        assertThat(condition.locked()).isFalse();
    }

    /** The interleaving the race below looks for, played step by step: told just after the cancel. */
    @Test
    void aGrantDeliveredJustAfterTheCancelGoesStraightBack() {
        java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        PublisherProbe<Integer> body = PublisherProbe.of(Flux.just(1, 2));
        ScanTest.Capture<Integer> actual = new ScanTest.Capture<>();
        WithPermit.Holder<Integer> holder = new WithPermit.Holder<>(actual, released::incrementAndGet, body.flux());
        reactor.core.CoreSubscriber<Void> acquirer = holder.acquirer();
        acquirer.onSubscribe(reactor.core.publisher.Operators.emptySubscription());
        holder.cancel(); // the subscriber gives up while the permit is on its way...
        acquirer.onComplete(); // ...and the waiter, told already, hands it over anyway
        assertThat(released).as("the permit went straight back").hasValue(1);
        body.assertWasNotSubscribed();
    }

    /**
     * The grant and the cancel race: the permit is delivered while the subscriber cancels. Either
     * the waiter never got it (then the semaphore passes it on) or the holder got it after the
     * cancel (then it releases it at once) or the body started (then the cancel releases it):
     * never lost, never minted.
     */
    @Test
    void aCancelRacingTheGrantNeitherLeaksNorMintsThePermit() {
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        for (int i = 0; i < 2_000; i++) {
            Aio.run(semaphore.acquire());
            TestPublisher<Integer> body = TestPublisher.create();
            Disposable waiting = semaphore.withPermit(body.flux()).subscribe();
            RaceTestUtils.race(semaphore::release, () -> {
                Stress.jitter(); // sweeps the cancel across the hand-off
                waiting.dispose();
            });
            assertThat(semaphore.availablePermits()).as("round %d", i).isEqualTo(1);
            if (body.wasSubscribed()) {
                body.assertCancelled();
            }
        }
    }
}
