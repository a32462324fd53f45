package dev.reactio.samples.practices;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void printsTheStateOfATaskInEachPhase() {
        assertThat(Transcript.ofVirtualTime(TaskState::main))
                .containsExactly(
                        "--- some_coro, just created",
                        "task.done(): False",
                        "task.cancelled(): False",
                        "task.exception(): IllegalStateException: Task 'some_coro' is not done yet: "
                                + "exception() needs a finished task; await() it instead",
                        "--- some_coro, awaited",
                        "task.done(): True",
                        "task.cancelled(): False",
                        "task.exception(): None",
                        "--- failing_coro, done",
                        "task.done(): True",
                        "task.cancelled(): False",
                        "task.exception(): IllegalArgumentException('bad input')",
                        "--- cancelled_coro, cancelled",
                        "task.done(): True",
                        "task.cancelled(): True",
                        "task.exception(): CancellationException: Task 'cancelled_coro' was cancelled");
    }
}
