package dev.reactio.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.reactio.samples.Samples.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SamplesTest {

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private int run(String... args) {
        return Samples.run(args, out, err);
    }

    private List<String> out() {
        return outBytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Usage {

        @Test
        void noArgumentsPrintUsageAndSucceed() {
            assertThat(run()).isZero();

            assertThat(out()).first().asString().startsWith("Usage: java -jar samples/target/reactio-samples.jar");
            assertThat(err()).isEmpty();
        }

        @Test
        void helpPrintsUsageEvenWithACommand() {
            assertThat(run("greet", "--help")).isZero();

            assertThat(out()).first().asString().startsWith("Usage:");
        }

        @Test
        void usageNamesTheBlockHoundFlag() {
            run();

            assertThat(String.join("\n", out())).contains(JvmFlags.BLOCKHOUND_FLAG);
        }

        @Test
        void usageGivesTheDebugModeCommandForThisJvm() {
            run();

            assertThat(out()).last().asString().isEqualTo("  " + JvmFlags.debugModeCommand());
        }
    }

    @Nested
    class Listing {

        @Test
        void printsEveryNameWithItsDescription() {
            assertThat(run("list")).isZero();

            assertThat(out()).hasSize(SampleRegistry.all().size());
            for (Sample sample : SampleRegistry.all()) {
                assertThat(out())
                        .anySatisfy(line -> assertThat(line)
                                .matches("\\s+" + sample.name() + "\\s+.*")
                                .endsWith(sample.description()));
            }
            assertThat(err()).isEmpty();
        }

        @Test
        void listsTheSamplesInTheTutorialsOrder() {
            run("list");

            assertThat(out())
                    .extracting(line -> line.trim().split("\\s+")[0])
                    .containsExactlyElementsOf(SampleRegistry.names());
        }
    }

    @Nested
    class Errors {

        @Test
        void anUnknownSampleExitsWith2AndListsTheValidNames() {
            assertThat(run("streams")).isEqualTo(2);

            assertThat(err()).startsWith("Unknown sample 'streams'. Valid names: greet, create-task, gather");
            assertThat(err()).contains(SampleRegistry.names());
            assertThat(out()).isEmpty();
        }

        @Test
        void anUnknownOptionExitsWith2() {
            assertThat(run("--slow", "greet")).isEqualTo(2);

            assertThat(err()).startsWith("Unknown option '--slow': the only option is --fast");
            assertThat(out()).isEmpty();
        }

        @Test
        void twoCommandsExitWith2() {
            assertThat(run("greet", "gather")).isEqualTo(2);

            assertThat(err()).startsWith("Give one command (list, all or a sample name), but got 'greet' and 'gather'");
        }
    }

    @Nested
    class Parsing {

        @Test
        void fastMayComeBeforeTheCommand() {
            assertThat(Invocation.parse(new String[] {"--fast", "gather"})).isEqualTo(new Invocation("gather", true));
        }

        @Test
        void fastMayComeAfterTheCommand() {
            assertThat(Invocation.parse(new String[] {"all", "--fast"})).isEqualTo(new Invocation("all", true));
        }

        @Test
        void withoutFastTimeIsReal() {
            Invocation invocation = Invocation.parse(new String[] {"gather"});

            assertThat(invocation.fast()).isFalse();
            assertThat(Samples.timeFor(invocation).scale()).isEqualTo(1.0);
        }

        @Test
        void fastScalesEverySleepDownAHundredTimes() {
            assertThat(Samples.timeFor(new Invocation("gather", true)).scale()).isEqualTo(0.01);
        }

        @Test
        void unknownOptionsAreRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> Invocation.parse(new String[] {"-x"}));
        }
    }

    @Nested
    class Running {

        @Test
        void oneSamplePrintsItsOutputWithoutAHeader() {
            int code = Samples.execute(new Invocation("greet", false), Durations.scaledBy(0), out, err);

            assertThat(code).isZero();
            assertThat(out()).containsExactly("Hello, Alice!", "Goodbye, Alice!", "Greeted Alice");
            assertThat(err()).isEmpty();
        }

        @Test
        void allRunsEverySampleInOrderEachUnderAHeaderThatCountsThem() {
            int code = Samples.execute(new Invocation("all", true), Durations.scaledBy(0), out, err);

            List<Sample> all = SampleRegistry.all();
            assertThat(code).isZero();
            assertThat(out())
                    .filteredOn(line -> line.startsWith("=== "))
                    .containsExactlyElementsOf(IntStream.range(0, all.size())
                            .mapToObj(i -> Samples.header(all.get(i), i + 1, all.size()))
                            .toList());
            assertThat(out()).contains("=== [3/" + all.size() + "] gather (Concurrent execution > gather) ===");
            assertThat(err()).isEmpty();
        }

        @Test
        void allEndsWithOneSummaryLineCountingEverySample() {
            Samples.execute(new Invocation("all", true), Durations.scaledBy(0), out, err);

            assertThat(out())
                    .last()
                    .asString()
                    .matches(SampleRegistry.all().size() + " samples passed in \\d+\\.\\d s");
            assertThat(out()).filteredOn(line -> line.contains("passed in")).hasSize(1);
        }

        @Test
        void aFailedSampleIsCountedInTheSummaryAndNamedOnErr() {
            List<Sample> samples = List.of(
                    new Sample("fine", "Section", "Prints a line", c -> c.print("fine")),
                    new Sample("broken", "Section", "Throws", c -> {
                        throw new IllegalStateException("boom");
                    }));

            int code = Samples.runAll(samples, new SampleContext(out, Durations.scaledBy(0)), err);

            assertThat(code).isEqualTo(1);
            assertThat(out()).startsWith("=== [1/2] fine (Section) ===", "fine", "", "=== [2/2] broken (Section) ===");
            assertThat(out()).last().asString().matches("1 of 2 samples passed in \\d+\\.\\d s");
            assertThat(err())
                    .startsWith("Sample 'broken' failed: java.lang.IllegalStateException: boom")
                    .contains("1 of 2 samples failed: broken");
        }
    }

    @Nested
    class Summary {

        @Test
        void allPassedGivesTheCountAndTheTimeInTenthsOfASecond() {
            assertThat(Samples.summary(25, 0, Duration.ofMillis(31_440))).isEqualTo("25 samples passed in 31.4 s");
        }

        @Test
        void failuresGiveHowManyOfTheTotalPassed() {
            assertThat(Samples.summary(25, 2, Duration.ofMillis(9_960))).isEqualTo("23 of 25 samples passed in 10.0 s");
        }

        @Test
        void oneSampleIsSingular() {
            assertThat(Samples.summary(1, 0, Duration.ZERO)).isEqualTo("1 sample passed in 0.0 s");
        }
    }
}
