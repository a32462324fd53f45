package dev.reactio.samples.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class CreateTaskTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(CreateTask::main))
                .containsExactly("Fetching data 1", "Fetching data 2", "Data 1 Data 2");
    }

    @Test
    void bothTasksRunAtOnceSoMainTakesOneSecondNotTwo() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> CreateTask.main(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
