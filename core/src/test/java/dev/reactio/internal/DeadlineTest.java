package dev.reactio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

/** {@link Deadline#over}: one deadline over a whole {@code Flux}, counted from subscription. */
class DeadlineTest {

    private static final Duration FIVE = Duration.ofSeconds(5);

    private static TimeoutException expired() {
        return new TimeoutException("deadline");
    }

    @Test
    void valuesBeforeTheDeadlineDoNotMoveIt() {
        StepVerifier.withVirtualTime(
                        () -> Deadline.over(Flux.interval(Duration.ofSeconds(2)), FIVE, DeadlineTest::expired))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext(0L)
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext(1L)
                .expectNoEvent(Duration.ofSeconds(1)) // 1 s after the last value, not 5
                .expectErrorMessage("deadline")
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void aSourceThatEndsInTimePassesThrough() {
        StepVerifier.withVirtualTime(
                        () -> Deadline.over(Flux.interval(Duration.ofSeconds(1)).take(3), FIVE, DeadlineTest::expired))
                .thenAwait(Duration.ofSeconds(3))
                .expectNext(0L, 1L, 2L)
                .verifyComplete();
    }

    @Test
    void theSourcesErrorPassesThrough() {
        StepVerifier.create(Deadline.over(
                        Flux.concat(Flux.just(1), Flux.error(new IllegalStateException("boom"))),
                        FIVE,
                        DeadlineTest::expired))
                .expectNext(1)
                .expectErrorMessage("boom")
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void atTheDeadlineTheSourceIsCancelledBeforeTheErrorIsSignalled() {
        List<String> order = new CopyOnWriteArrayList<>();
        PublisherProbe<Object> source = PublisherProbe.of(Flux.never());
        StepVerifier.withVirtualTime(
                        () -> Deadline.over(source.flux().doOnCancel(() -> order.add("cancel")), FIVE, () -> {
                            order.add("error");
                            return expired();
                        }))
                .expectSubscription()
                .expectNoEvent(FIVE)
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        source.assertWasCancelled();
        assertThat(order).containsExactly("cancel", "error");
    }

    @Test
    void eachSubscriptionHasItsOwnDeadline() {
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        Flux<Object> bounded = Deadline.over(Flux.never(), FIVE, timer, DeadlineTest::expired);
        StepVerifier.create(bounded)
                .expectSubscription()
                .then(() -> timer.advanceTimeBy(FIVE))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        // the second subscription starts its own 5 s now
        StepVerifier.create(bounded)
                .expectSubscription()
                .then(() -> timer.advanceTimeBy(Duration.ofSeconds(4)))
                .expectNoEvent(Duration.ofMillis(10))
                .then(() -> timer.advanceTimeBy(Duration.ofSeconds(1)))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void noTimerIsLeftArmedAfterCompletion() {
        Recording timer = new Recording();
        AtomicInteger expiries = new AtomicInteger();
        TestPublisher<Integer> source = TestPublisher.create();
        StepVerifier.create(Deadline.over(source.flux(), FIVE, timer, () -> {
                    expiries.incrementAndGet();
                    return expired();
                }))
                .expectSubscription()
                .then(() -> source.emit(1, 2))
                .expectNext(1, 2)
                .verifyComplete();
        assertThat(timer.tasks).hasSize(1).allMatch(Disposable::isDisposed);
        timer.virtual.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(expiries).hasValue(0);
    }

    @Test
    void noTimerIsLeftArmedAfterACancel() {
        Recording timer = new Recording();
        PublisherProbe<Object> source = PublisherProbe.of(Flux.never());
        Deadline.over(source.flux(), FIVE, timer, DeadlineTest::expired)
                .subscribe()
                .dispose();
        source.assertWasCancelled();
        assertThat(timer.tasks).hasSize(1).allMatch(Disposable::isDisposed);
    }

    @Test
    void aValueThatRacesTheDeadlineIsDeliveredBeforeTheErrorOrDiscarded() {
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        TestPublisher<String> source = TestPublisher.createNoncompliant(TestPublisher.Violation.CLEANUP_ON_TERMINATE);
        List<String> discarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(Deadline.over(source.flux(), FIVE, timer, DeadlineTest::expired)
                        .doOnDiscard(String.class, discarded::add))
                .expectSubscription()
                .then(() -> source.next("in time"))
                .expectNext("in time")
                .then(() -> timer.advanceTimeBy(FIVE))
                .expectError(TimeoutException.class)
                .verifyThenAssertThat()
                .hasNotDroppedElements();
        source.next("too late"); // a source that ignores the cancel
        assertThat(discarded).containsExactly("too late");
    }

    @Test
    void aZeroDeadlineExpiresOnTheTimerNotInsideSubscribe() {
        StepVerifier.withVirtualTime(() -> Deadline.over(Flux.never(), Duration.ZERO, DeadlineTest::expired))
                .expectSubscription()
                .thenAwait(Duration.ZERO)
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void aNegativeDeadlineIsRefusedAtCallTime() {
        assertThatThrownBy(() -> Deadline.over(Flux.never(), Duration.ofSeconds(-1), DeadlineTest::expired))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Deadline.over needs a duration of zero or more, but got PT-1S");
    }

    /** A virtual-time scheduler that keeps the tasks it was given, to check they were disposed. */
    private static final class Recording implements Scheduler {
        final VirtualTimeScheduler virtual = VirtualTimeScheduler.create();
        final List<Disposable> tasks = new CopyOnWriteArrayList<>();

        @Override
        public Disposable schedule(Runnable task) {
            return virtual.schedule(task);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            Disposable d = virtual.schedule(task, delay, unit);
            tasks.add(d);
            return d;
        }

        @Override
        public Worker createWorker() {
            return virtual.createWorker();
        }
    }
}
