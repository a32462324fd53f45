package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

/** {@link Aio#waitFor}: asyncio.wait_for. */
class WaitForTest {

    @Test
    void returnsTheValueWhenItArrivesInTime() {
        StepVerifier.withVirtualTime(() -> Aio.waitFor(Aio.sleep(Duration.ofSeconds(1), "Done"), Duration.ofSeconds(2)))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("Done")
                .verifyComplete();
    }

    @Test
    void waitForTimesOutAfterTheGivenDuration() {
        StepVerifier.withVirtualTime(() -> Aio.waitFor(Mono.never(), Duration.ofSeconds(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void cancelsTheInnerMonoBeforeSignallingTheTimeout() {
        AtomicBoolean cancelledBeforeError = new AtomicBoolean();
        PublisherProbe<String> slow = PublisherProbe.of(Aio.sleep(Duration.ofSeconds(5), "Done"));
        StepVerifier.withVirtualTime(() -> Aio.waitFor(slow.mono(), Duration.ofSeconds(2))
                        .doOnError(e -> cancelledBeforeError.set(slow.wasCancelled())))
                .thenAwait(Duration.ofSeconds(2))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(cancelledBeforeError)
                .as("inner cancelled before TimeoutException")
                .isTrue();
    }

    @Test
    void zeroTimeoutReturnsAValueProducedDuringSubscription() {
        StepVerifier.create(Aio.waitFor(Mono.just("ready"), Duration.ZERO))
                .expectNext("ready")
                .verifyComplete();
    }

    @Test
    void zeroTimeoutReturnsTheResultOfADoneTask() {
        Task<String> task = Aio.createTask(Mono.just("done"));
        StepVerifier.create(Aio.waitFor(task.await(), Duration.ZERO))
                .expectNext("done")
                .verifyComplete();
    }

    @Test
    void zeroTimeoutPropagatesAnErrorProducedDuringSubscription() {
        StepVerifier.create(Aio.waitFor(Mono.error(new IllegalStateException("bad")), Duration.ZERO))
                .expectErrorMessage("bad")
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void zeroTimeoutCompletesEmptyForAnEmptySource() {
        StepVerifier.create(Aio.waitFor(Mono.empty(), Duration.ZERO)).verifyComplete();
    }

    @Test
    void negativeTimeoutCancelsAPendingSourceAndTimesOutAtOnce() {
        PublisherProbe<String> pending = PublisherProbe.of(Mono.never());
        StepVerifier.create(Aio.waitFor(pending.mono(), Duration.ofSeconds(-1)))
                .expectErrorSatisfies(
                        e -> assertThat(e).isInstanceOf(TimeoutException.class).hasMessageContaining("PT-1S"))
                .verify(Duration.ofSeconds(2));
        pending.assertWasCancelled();
    }

    @Test
    void zeroTimeoutCancelsAPendingTask() {
        Task<String> task = Aio.createTask(Mono.never());
        StepVerifier.create(Aio.waitFor(task.await(), Duration.ZERO))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(task.cancelled()).isTrue();
    }

    @Test
    void zeroTimeoutTimesOutDeterministicallyForAValueFromAnotherThread() {
        // The value may even arrive before subscribe() returns; it was not "already done".
        for (int i = 0; i < 200; i++) {
            StepVerifier.create(Aio.waitFor(
                            Mono.just("v").publishOn(reactor.core.scheduler.Schedulers.parallel()), Duration.ZERO))
                    .expectError(TimeoutException.class)
                    .verify(Duration.ofSeconds(2));
        }
    }

    @Test
    void cancellingTheWaitForCancelsTheInnerMono() {
        PublisherProbe<String> inner = PublisherProbe.of(Mono.never());
        StepVerifier.withVirtualTime(() -> Aio.waitFor(inner.mono(), Duration.ofSeconds(5)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .thenCancel()
                .verify(Duration.ofSeconds(2));
        inner.assertWasCancelled();
    }

    @Test
    void timingOutOnATasksAwaitCancelsTheTask() {
        Task<?>[] task = new Task<?>[1];
        StepVerifier.withVirtualTime(() -> {
                    Task<String> t = Aio.createTask(Aio.sleep(Duration.ofSeconds(10), "late"));
                    task[0] = t;
                    return Aio.waitFor(t.await(), Duration.ofSeconds(1));
                })
                .thenAwait(Duration.ofSeconds(1))
                .expectError(TimeoutException.class)
                .verify(Duration.ofSeconds(2));
        assertThat(task[0].cancelled()).isTrue();
    }
}
