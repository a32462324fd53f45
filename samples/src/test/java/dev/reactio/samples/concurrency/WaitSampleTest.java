package dev.reactio.samples.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.Test;

class WaitSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(WaitSample::main)).containsExactly("A done", "B done", "C done");
    }

    @Test
    void printsEveryResultAtTimeScaleZero() {
        Transcript transcript = Transcript.atScale(0);

        WaitSample.run(transcript.ctx());

        assertThat(transcript.lines()).containsExactly("A done", "B done", "C done");
    }
}
