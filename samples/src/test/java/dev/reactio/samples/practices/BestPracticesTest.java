package dev.reactio.samples.practices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class BestPracticesTest {

    @Test
    void printsWhatEachPracticeProduces() {
        assertThat(Transcript.ofVirtualTime(BestPractices::main))
                .containsExactly(
                        "['content of url1', 'content of url2', 'content of url3']",
                        "Doing other things while slow_operation runs",
                        "slow_operation result",
                        "operation result",
                        "good() waited 1 second without blocking a thread");
    }

    @Test
    void thePracticesTakeFiveSecondsInAll() {
        Transcript transcript = Transcript.atScale(1);

        // gather (1 s) + slow_operation (2 s) + operation (1 s) + good (1 s)
        StepVerifier.withVirtualTime(() -> BestPractices.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
