package dev.reactio;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link Aio#run(reactor.core.publisher.Mono, RunOptions)}: asyncio's
 * {@code asyncio.run(main(), debug=True)} and {@code loop.slow_callback_duration}.
 * Immutable; the withers return copies. This class is threadsafe.
 *
 * <pre>{@code
 * Aio.run(main(), RunOptions.debug().withSlowCallbackDuration(Duration.ofMillis(50)));
 * }</pre>
 */
public final class RunOptions {

    private static final Duration DEFAULT_SLOW_CALLBACK = Duration.ofMillis(100);
    private static final RunOptions DEFAULTS = new RunOptions(false, DEFAULT_SLOW_CALLBACK);

    private final boolean debug;
    private final Duration slowCallbackDuration;

    private RunOptions(boolean debug, Duration slowCallbackDuration) {
        this.debug = debug;
        this.slowCallbackDuration = slowCallbackDuration;
    }

    /**
     * The defaults: debug off, slow-callback threshold 100 ms.
     *
     * @return the default options
     */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults with debug mode on: asyncio's {@code debug=True}. See {@link Aio#enableDebug()}.
     *
     * @return options with debug mode on
     */
    public static RunOptions debug() {
        return DEFAULTS.withDebug(true);
    }

    /**
     * A copy with debug mode on or off.
     *
     * @param debug whether {@code Aio.run} enables debug mode while {@code main} runs
     * @return a copy with that setting
     */
    public RunOptions withDebug(boolean debug) {
        return new RunOptions(debug, slowCallbackDuration);
    }

    /**
     * A copy with another slow-callback threshold: in debug mode, work that holds a non-blocking
     * thread at least this long is logged as slow. asyncio's {@code loop.slow_callback_duration}.
     *
     * @param duration the threshold; zero or positive
     * @return a copy with that threshold
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public RunOptions withSlowCallbackDuration(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("slowCallbackDuration must be zero or positive, but was " + duration);
        }
        return new RunOptions(debug, duration);
    }

    /**
     * Whether debug mode is on.
     *
     * @return {@code true} if {@code Aio.run} runs {@code main} in debug mode
     */
    public boolean isDebug() {
        return debug;
    }

    /**
     * The slow-callback threshold of debug mode (default 100 ms).
     *
     * @return the threshold
     */
    public Duration slowCallbackDuration() {
        return slowCallbackDuration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunOptions other && debug == other.debug
                && slowCallbackDuration.equals(other.slowCallbackDuration);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(debug) * 31 + slowCallbackDuration.hashCode();
    }

    @Override
    public String toString() {
        return "RunOptions[debug=" + debug + ", slowCallbackDuration=" + slowCallbackDuration + "]";
    }
}
