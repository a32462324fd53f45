package dev.reactio.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SampleRegistryTest {

    /** The tutorial's examples that the core can run today, in the tutorial's order. */
    static final List<String> EXPECTED_NAMES = List.of(
            "greet",
            "create-task",
            "gather",
            "wait",
            "wait-for",
            "async-generator",
            "async-context-manager",
            "async-iterator",
            "blocking-vs-nonblocking",
            "run-in-executor",
            "files",
            "echo-server",
            "lock",
            "event",
            "queue",
            "semaphore",
            "http-get",
            "http-post",
            "chat-server",
            "crawler",
            "best-practices",
            "debug-mode",
            "task-state",
            "task-group",
            "pitfalls",
            "context-propagation");

    @Nested
    class Names {

        @Test
        void areTheTutorialsExamplesInTheTutorialsOrder() {
            assertThat(SampleRegistry.names()).containsExactlyElementsOf(EXPECTED_NAMES);
        }

        @Test
        void areUnique() {
            assertThat(SampleRegistry.names()).doesNotHaveDuplicates();
        }

        @Test
        void findReturnsTheSampleWithThatName() {
            assertThat(SampleRegistry.find("wait-for"))
                    .get()
                    .extracting(Sample::name)
                    .isEqualTo("wait-for");
        }

        @Test
        void findOfAnUnknownNameIsEmpty() {
            assertThat(SampleRegistry.find("no-such-sample")).isEmpty();
        }

        @Test
        void mustBeLowerCaseWordsJoinedByDashes() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new Sample("Wait_For", "section", "description", ctx -> {}))
                    .withMessage("Sample name must be lower-case words joined by '-', but was 'Wait_For'");
        }
    }

    @Test
    void everySampleHasAOneLineSectionAndDescription() {
        assertThat(SampleRegistry.all()).allSatisfy(sample -> {
            assertThat(sample.section()).isNotBlank().doesNotContain("\n");
            assertThat(sample.description()).isNotBlank().doesNotContain("\n");
        });
    }

    /**
     * The last line each sample prints at time scale 0, whatever the threads did before. Where a
     * zero-length operation races a zero-length timeout, either line may come last.
     */
    static final Map<String, Set<String>> LAST_LINE_AT_SCALE_ZERO = Map.ofEntries(
            Map.entry("greet", Set.of("Greeted Alice")),
            Map.entry("create-task", Set.of("Data 1 Data 2")),
            Map.entry("gather", Set.of("['A result', 'B result', 'C result']")),
            Map.entry("wait", Set.of("C done")),
            Map.entry("wait-for", Set.of("Operation timed out")),
            Map.entry("lock", Set.of("C released lock")),
            Map.entry("event", Set.of("B got event")),
            Map.entry(
                    "queue", Set.of("Consumed item-4", "Produced item-4")), // put(item-4) races the consumer at scale 0
            Map.entry("semaphore", Set.of("Worker 7 released", "Worker 8 released", "Worker 9 released")),
            Map.entry("async-generator", Set.of("[0, 1, 2, 3, 4]")),
            Map.entry("async-context-manager", Set.of("Releasing resource")),
            Map.entry("async-iterator", Set.of("4")),
            Map.entry("blocking-vs-nonblocking", Set.of("Done")),
            Map.entry("run-in-executor", Set.of("IO result")),
            Map.entry("files", Set.of("Second line")),
            Map.entry("echo-server", Set.of("Server closed")),
            Map.entry("chat-server", Set.of("Chat server closed")),
            Map.entry("crawler", Set.of("Crawled 30 pages on 2 hosts")),
            Map.entry("best-practices", Set.of("good() waited 1 second without blocking a thread")),
            Map.entry(
                    "debug-mode",
                    Set.of(
                            JvmFlags.blockHoundFlagMissing()
                                    ? "Thread.sleep held a non-blocking thread and nobody noticed"
                                    : "Debug mode reported: Blocking call! java.lang.Thread.sleep")),
            Map.entry(
                    "task-state",
                    Set.of("task.exception(): CancellationException: Task 'cancelled_coro' was cancelled")),
            // At scale 0 slow_task's 10 s sleep is 0 too: it may be printing "finished" on another
            // thread while the group cancels it. Task.cancel() counts it done at once, so the
            // group's line can come first (issue 11 note: a cancelled task's running code is not
            // waited for).
            Map.entry(
                    "task-group",
                    Set.of("TaskGroup failed with [IllegalArgumentException('boom')]", "slow_task finished")),
            Map.entry("pitfalls", Set.of("Fetching data")),
            Map.entry("context-propagation", Set.of("[['req-1', 'req-1', 'req-1'], ['req-2', 'req-2', 'req-2']]")));

    /** Samples whose last line holds values that vary (ports, headers): a regular expression. */
    static final Map<String, String> LAST_LINE_PATTERN = Map.of(
            "http-get", "\\d+", // len(result) of /json
            "http-post", "\\{'args': \\{\\}, .*'json': \\{'key': 'value'\\}, .*\\}");

    static Stream<Sample> samples() {
        return SampleRegistry.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleRunsToCompletionAtTimeScaleZero(Sample sample) {
        Transcript transcript = Transcript.atScale(0);

        assertTimeoutPreemptively(Transcript.HANG_GUARD, () -> sample.run(transcript.ctx()));

        assertThat(transcript.lines()).isNotEmpty();
        String last = transcript.lines().get(transcript.lines().size() - 1);
        if (LAST_LINE_PATTERN.containsKey(sample.name())) {
            assertThat(last).matches(LAST_LINE_PATTERN.get(sample.name()));
        } else {
            assertThat(last).isIn(LAST_LINE_AT_SCALE_ZERO.get(sample.name()));
        }
    }

    @Test
    void everySampleHasAnExpectedLastLine() {
        Set<String> covered = new java.util.HashSet<>(LAST_LINE_AT_SCALE_ZERO.keySet());
        covered.addAll(LAST_LINE_PATTERN.keySet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(EXPECTED_NAMES);
    }
}
