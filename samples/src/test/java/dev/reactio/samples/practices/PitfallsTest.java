package dev.reactio.samples.practices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.Test;

class PitfallsTest {

    @Test
    void aMonoThatIsNeverSubscribedDoesNothing() {
        Transcript transcript = Transcript.atScale(0);

        Pitfalls.run(transcript.ctx());

        assertThat(transcript.lines())
                .containsExactly(
                        "--- bad(): forgot to await",
                        "MonoDefer",
                        "--- good(): awaited",
                        "Fetching data",
                        "Data",
                        "--- plain badPlain(): the Mono is built, never subscribed",
                        "--- plain goodPlain(): Aio.run subscribes",
                        "Fetching data");
    }

    @Test
    void callingFetchDataRunsNothing() {
        Transcript transcript = Transcript.atScale(0);

        Pitfalls.badPlain(transcript.ctx());

        assertThat(transcript.lines()).isEmpty();
    }
}
