package dev.reactio.samples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * What a sample runs with: where it prints and how fast its clock goes. The runner gives
 * {@code System.out} and real (or {@code --fast}) time; tests give a captured stream and time
 * scale 0.
 *
 * @param out where the sample prints; shared by all the sample's threads ({@code PrintStream}
 *     is threadsafe)
 * @param time how the tutorial's seconds become durations
 */
public record SampleContext(PrintStream out, Durations time) {

    /**
     * Creates a context.
     *
     * @param out where the sample prints
     * @param time how the tutorial's seconds become durations
     */
    public SampleContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Python's {@code print(*values)}: the values' {@link Py#str(Object) str}, separated by
     * spaces, then a newline.
     *
     * @param values what to print
     */
    public void print(@Nullable Object... values) {
        StringJoiner line = new StringJoiner(" ");
        for (Object value : values) {
            line.add(Py.str(value));
        }
        out.println(line);
    }

    /**
     * The tutorial's {@code seconds} at this context's time scale. See {@link Durations#seconds(double)}.
     *
     * @param seconds the duration in the tutorial, in seconds
     * @return the scaled duration
     */
    public Duration seconds(double seconds) {
        return time.seconds(seconds);
    }

    /**
     * Blocks the calling thread for the tutorial's {@code seconds}, scaled: {@code time.sleep(seconds)}.
     * Only for the samples that show what a blocking call is; never call it on a non-blocking thread.
     *
     * @param seconds the duration in the tutorial, in seconds
     * @throws InterruptedException if the thread is interrupted while sleeping
     */
    public void sleepBlocking(double seconds) throws InterruptedException {
        Duration d = seconds(seconds);
        Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
}
