package dev.reactio;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link Aio#run(reactor.core.publisher.Mono, RunOptions)}: asyncio's
 * {@code asyncio.run(main(), debug=True)} and {@code loop.slow_callback_duration}.
 * Immutable; the {@code withX} methods return copies. This class is threadsafe.
 *
 * <pre>{@code
 * Aio.run(main(), RunOptions.debug().withSlowCallbackDuration(Duration.ofMillis(50)));
 * }</pre>
 *
 * <p>The debug flag is the component {@code isDebug}, so that its accessor reads as a predicate
 * and leaves the name {@code debug()} to the factory.
 *
 * @param isDebug whether {@code Aio.run} enables debug mode while {@code main} runs (default off)
 * @param slowCallbackDuration in debug mode, work that holds a non-blocking thread at least this
 *     long is logged as slow; zero or positive (default 100 ms, as asyncio)
 */
public record RunOptions(boolean isDebug, Duration slowCallbackDuration) {

    private static final RunOptions DEFAULTS = new RunOptions(false, Duration.ofMillis(100));

    /**
     * @throws NullPointerException if {@code slowCallbackDuration} is {@code null}
     * @throws IllegalArgumentException if {@code slowCallbackDuration} is negative
     */
    public RunOptions {
        Objects.requireNonNull(slowCallbackDuration, "slowCallbackDuration");
        if (slowCallbackDuration.isNegative()) {
            throw new IllegalArgumentException(
                    "slowCallbackDuration must be zero or positive, but was " + slowCallbackDuration);
        }
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
        return new RunOptions(isDebug, duration);
    }

    /**
     * Whether debug mode is on.
     *
     * @return {@code true} if {@code Aio.run} runs {@code main} in debug mode
     */
    @Override
    public boolean isDebug() {
        return isDebug;
    }

    /**
     * The slow-callback threshold of debug mode (default 100 ms).
     *
     * @return the threshold
     */
    @Override
    public Duration slowCallbackDuration() {
        return slowCallbackDuration;
    }
}
