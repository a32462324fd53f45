package dev.reactio.samples.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.reactio.samples.JvmFlags;
import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.Test;

class DebugModeTest {

    @Test
    void debugModeReportsTheBlockingCallThatPlainRunMisses() {
        assumeFalse(
                JvmFlags.blockHoundFlagMissing(),
                "BlockHound needs " + JvmFlags.BLOCKHOUND_FLAG + " (the build's surefire argLine sets it)");
        Transcript transcript = Transcript.atScale(0);

        DebugMode.run(transcript.ctx());

        assertThat(transcript.lines())
                .containsExactly(
                        "asyncio.run(main()):",
                        "Thread.sleep held a non-blocking thread and nobody noticed",
                        "asyncio.run(main(), debug=True):",
                        "Debug mode reported: Blocking call! java.lang.Thread.sleep");
    }

    @Test
    void withoutTheFlagsItSaysHowToEnableTheCheckAndStillRuns() {
        Transcript transcript = Transcript.atScale(0);

        DebugMode.run(transcript.ctx(), false, "java -XX:+Flag -jar samples.jar debug-mode");

        assertThat(transcript.lines())
                .containsExactly(
                        "Debug mode's blocking-call check (BlockHound) needs JVM flags that this run does not have,",
                        "so it is left out here. To see debug mode report the blocking call, run:",
                        "  java -XX:+Flag -jar samples.jar debug-mode",
                        "asyncio.run(main()):",
                        "Thread.sleep held a non-blocking thread and nobody noticed");
    }

    @Test
    void aPlainRunAfterDebugModeReportsNothingAgain() {
        Transcript transcript = Transcript.atScale(0);
        DebugMode.run(transcript.ctx());

        String again = dev.reactio.Aio.run(DebugMode.main(transcript.ctx()));

        assertThat(again).isEqualTo("Thread.sleep held a non-blocking thread and nobody noticed");
    }
}
