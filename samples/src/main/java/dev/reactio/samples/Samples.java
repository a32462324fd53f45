package dev.reactio.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;

/**
 * The command-line runner of the samples:
 * <pre>
 * java -jar samples/target/reactio-samples.jar list          # names and descriptions
 * java -jar samples/target/reactio-samples.jar all --fast    # every sample, sleeps 100x shorter
 * java -jar samples/target/reactio-samples.jar gather        # one sample
 * </pre>
 * Exit codes: 0 on success, 1 if a sample failed, 2 for a usage error (such as an unknown name).
 */
public final class Samples {

    /** How much {@code --fast} shrinks every duration. */
    public static final double FAST_SCALE = 0.01;

    static final int OK = 0;
    static final int SAMPLE_FAILED = 1;
    static final int USAGE_ERROR = 2;

    private static final String JAR = JvmFlags.JAR;

    private Samples() {}

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args {@code list}, {@code all} or a sample name, and optionally {@code --fast}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line, printing samples and listings to {@code out} and problems to
     * {@code err}. {@code --fast} scales every duration by {@value #FAST_SCALE}.
     *
     * @param args the command-line arguments
     * @param out where samples and listings print
     * @param err where usage errors and sample failures print
     * @return the exit code: 0 on success, 1 if a sample failed, 2 for a usage error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println("Run without arguments for help.");
            return USAGE_ERROR;
        }
        return execute(invocation, timeFor(invocation), out, err);
    }

    /** The clock a command line asks for: {@code --fast} or real time. */
    static Durations timeFor(Invocation invocation) {
        return invocation.fast() ? Durations.scaledBy(FAST_SCALE) : Durations.real();
    }

    /** Runs a parsed command line with the given clock; tests pass time scale 0. */
    static int execute(Invocation invocation, Durations time, PrintStream out, PrintStream err) {
        String command = invocation.command();
        if (command == null || command.equals("help")) {
            usage(out);
            return OK;
        }
        if (command.equals("list")) {
            list(out);
            return OK;
        }
        SampleContext ctx = new SampleContext(out, time);
        if (command.equals("all")) {
            return runAll(SampleRegistry.all(), ctx, err);
        }
        Optional<Sample> sample = SampleRegistry.find(command);
        if (sample.isEmpty()) {
            err.println("Unknown sample '" + command + "'. Valid names: " + String.join(", ", SampleRegistry.names()));
            err.println("Run 'list' to see what each sample shows.");
            return USAGE_ERROR;
        }
        return runOne(sample.get(), ctx, err) ? OK : SAMPLE_FAILED;
    }

    /**
     * Runs the samples in order, each under a header that counts them ({@code [3/25]}), and ends
     * with a one-line summary on {@code out}; the names of failed samples also go to {@code err}.
     */
    static int runAll(List<Sample> samples, SampleContext ctx, PrintStream err) {
        long start = System.nanoTime();
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            if (i > 0) {
                ctx.out().println();
            }
            ctx.out().println(header(sample, i + 1, samples.size()));
            ctx.out().flush();
            if (!runOne(sample, ctx, err)) {
                failed.add(sample.name());
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ctx.out().println();
        ctx.out().println(summary(samples.size(), failed.size(), elapsed));
        ctx.out().flush();
        if (!failed.isEmpty()) {
            err.println(failed.size() + " of " + samples.size() + " samples failed: " + String.join(", ", failed));
            return SAMPLE_FAILED;
        }
        return OK;
    }

    /**
     * The line that ends {@code all}: {@code 25 samples passed in 31.4 s}, or
     * {@code 23 of 25 samples passed in 31.4 s} when some failed.
     */
    static String summary(int total, int failed, Duration elapsed) {
        String passed = failed == 0 ? String.valueOf(total) : (total - failed) + " of " + total;
        return String.format(
                Locale.ROOT,
                "%s %s passed in %.1f s",
                passed,
                total == 1 ? "sample" : "samples",
                elapsed.toNanos() / 1e9);
    }

    /** Runs one sample; a failure is reported on {@code err} and does not stop the runner. */
    private static boolean runOne(Sample sample, SampleContext ctx, PrintStream err) {
        try {
            sample.run(ctx);
            return true;
        } catch (Throwable e) {
            Exceptions.throwIfJvmFatal(e);
            ctx.out().flush();
            err.println("Sample '" + sample.name() + "' failed: " + e);
            e.printStackTrace(err);
            return false;
        } finally {
            ctx.out().flush();
        }
    }

    /** The header {@code all} prints above sample {@code k} of {@code n}. */
    static String header(Sample sample, int k, int n) {
        return "=== [" + k + "/" + n + "] " + sample.name() + " (" + sample.section() + ") ===";
    }

    private static void list(PrintStream out) {
        int width =
                SampleRegistry.names().stream().mapToInt(String::length).max().orElse(0);
        for (Sample sample : SampleRegistry.all()) {
            out.printf("  %-" + width + "s  %s%n", sample.name(), sample.description());
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar " + JAR + " [--fast] (list | all | NAME)");
        out.println();
        out.println("Runs the examples of the asyncio tutorial, ported to Reactio.");
        out.println();
        out.println("  list     the samples, each with a one-line description");
        out.println("  all      every sample, in the order of the tutorial");
        out.println("  NAME     one sample, e.g. gather (see list)");
        out.println("  --fast   every sleep 100x shorter (may come anywhere)");
        out.println();
        out.println("Only debug-mode needs JVM flags, for BlockHound (" + JvmFlags.BLOCKHOUND_FLAG + " on Java 13+, "
                + JvmFlags.DYNAMIC_AGENT_FLAG + " on 21+):");
        out.println("  " + JvmFlags.debugModeCommand());
    }

    /**
     * A parsed command line.
     *
     * @param command {@code list}, {@code all}, {@code help}, a sample name, or {@code null} for none
     * @param fast whether {@code --fast} was given
     */
    record Invocation(@Nullable String command, boolean fast) {

        /**
         * Parses the arguments; {@code --fast} may come anywhere.
         *
         * @throws IllegalArgumentException for an unknown option or more than one command
         */
        static Invocation parse(String[] args) {
            Objects.requireNonNull(args, "args");
            boolean fast = false;
            boolean help = false;
            String command = null;
            for (String arg : args) {
                if (arg.equals("--fast")) {
                    fast = true;
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    help = true;
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("Unknown option '" + arg + "': the only option is --fast");
                } else if (command != null) {
                    throw new IllegalArgumentException("Give one command (list, all or a sample name), but got '"
                            + command + "' and '" + arg + "'");
                } else {
                    command = arg;
                }
            }
            if (help) {
                command = "help";
            }
            return new Invocation(command, fast);
        }
    }
}
