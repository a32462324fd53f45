package dev.reactio.samples.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class WaitForSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(WaitForSample::main)).containsExactly("Operation timed out");
    }

    @Test
    void givesUpAfterTwoSecondsNotFive() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> WaitForSample.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1_999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
