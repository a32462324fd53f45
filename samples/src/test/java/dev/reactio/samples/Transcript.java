package dev.reactio.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.test.StepVerifier;

/**
 * What a sample printed, captured through its {@link SampleContext}, for tests.
 * <p>Two ways to run a sample without waiting: at time scale 0 (every sleep is zero; the order
 * of concurrent lines is then up to the threads), or in virtual time at the tutorial's real
 * scale (Reactor's {@code VirtualTimeScheduler} plays the clock on the test thread, so the
 * order is exactly the tutorial's and nothing sleeps).
 */
public final class Transcript {

    /** Hang guard only; no timing claim. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final SampleContext ctx;

    private Transcript(Durations time) {
        this.ctx = new SampleContext(new PrintStream(bytes, true, StandardCharsets.UTF_8), time);
    }

    /**
     * A transcript whose context runs at {@code scale}.
     *
     * @param scale the time scale; 0 for no waiting
     * @return an empty transcript
     */
    public static Transcript atScale(double scale) {
        return new Transcript(Durations.scaledBy(scale));
    }

    /**
     * Runs a sample's {@code main} to completion in virtual time, at the tutorial's real scale.
     *
     * @param main the sample's {@code main(SampleContext)}
     * @return the lines it printed
     */
    public static List<String> ofVirtualTime(Function<SampleContext, ? extends Publisher<?>> main) {
        Transcript transcript = new Transcript(Durations.real());
        StepVerifier.withVirtualTime(() -> main.apply(transcript.ctx()))
                .thenAwait(Duration.ofHours(1)) // far past every sample's last timer
                .thenConsumeWhile(value -> true)
                .expectComplete()
                .verify(HANG_GUARD);
        return transcript.lines();
    }

    /**
     * The context to run the sample with.
     *
     * @return a context printing into this transcript
     */
    public SampleContext ctx() {
        return ctx;
    }

    /**
     * The lines printed so far.
     *
     * @return the lines, without line terminators
     */
    public List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
