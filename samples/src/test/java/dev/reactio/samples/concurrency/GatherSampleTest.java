package dev.reactio.samples.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class GatherSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(GatherSample::main))
                .containsExactly(
                        "A started",
                        "B started",
                        "C started",
                        "B finished",
                        "A finished",
                        "C finished",
                        "['A result', 'B result', 'C result']");
    }

    @Test
    void takesAsLongAsTheLongestTaskNotTheSum() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> GatherSample.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2_999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
