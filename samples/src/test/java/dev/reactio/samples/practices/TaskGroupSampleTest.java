package dev.reactio.samples.practices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.Test;

class TaskGroupSampleTest {

    @Test
    void waitsForBothTasksThenShowsAFailureCancellingTheOthers() {
        assertThat(Transcript.ofVirtualTime(TaskGroupSample::main))
                .containsExactly(
                        "task1 started",
                        "task2 started",
                        "task1 finished",
                        "task2 finished",
                        "Both tasks are done",
                        "--- a failing task cancels the others",
                        "slow_task started",
                        "failing_task started",
                        "failing_task raises IllegalArgumentException",
                        "slow_task cancelled",
                        "TaskGroup failed with [IllegalArgumentException('boom')]");
    }
}
