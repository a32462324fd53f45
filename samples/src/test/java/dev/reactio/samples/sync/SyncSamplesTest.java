package dev.reactio.samples.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The tutorial's Lock, Event, Queue and Semaphore examples, in virtual time. */
class SyncSamplesTest {

    @Test
    void lockWorkersTakeTurns() {
        assertThat(Transcript.ofVirtualTime(LockSample::main))
                .containsExactly(
                        "A acquired lock", "A released lock",
                        "B acquired lock", "B released lock",
                        "C acquired lock", "C released lock");
    }

    @Test
    void lockTakesOneSecondPerWorker() {
        Transcript transcript = Transcript.atScale(1);
        StepVerifier.withVirtualTime(() -> LockSample.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2_999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }

    @Test
    void eventWakesBothWaitersAfterTheSetter() {
        assertThat(Transcript.ofVirtualTime(EventSample::main))
                .containsExactly("A waiting", "B waiting", "Setting event", "A got event", "B got event");
    }

    @Test
    void queueProducesAndConsumesEveryItemInOrder() {
        assertThat(Transcript.ofVirtualTime(QueueSample::main))
                .filteredOn(line -> line.startsWith("Consumed"))
                .containsExactly(
                        "Consumed item-0", "Consumed item-1", "Consumed item-2", "Consumed item-3", "Consumed item-4");
        assertThat(Transcript.ofVirtualTime(QueueSample::main))
                .filteredOn(line -> line.startsWith("Produced"))
                .containsExactly(
                        "Produced item-0", "Produced item-1", "Produced item-2", "Produced item-3", "Produced item-4");
    }

    @Test
    void queueConsumerIsTheBottleneck() {
        Transcript transcript = Transcript.atScale(1);
        StepVerifier.withVirtualTime(() -> QueueSample.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(5_499)) // first item at 0.5 s, then 1 s per item
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }

    @Test
    void semaphoreRunsAtMostThreeWorkersAtOnce() {
        int holders = 0;
        int most = 0;
        for (String line : Transcript.ofVirtualTime(SemaphoreSample::main)) {
            holders += line.endsWith("acquired") ? 1 : -1;
            most = Math.max(most, holders);
        }
        assertThat(most).isEqualTo(3);
        assertThat(holders).isZero();
    }

    @Test
    void semaphoreTakesFourRoundsOfTwoSeconds() {
        Transcript transcript = Transcript.atScale(1);
        StepVerifier.withVirtualTime(() -> SemaphoreSample.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(7_999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
