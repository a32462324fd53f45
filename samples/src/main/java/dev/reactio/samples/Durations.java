package dev.reactio.samples;

import java.time.Duration;

/**
 * Turns the tutorial's seconds into {@link Duration}s, scaled by a factor: {@code 1} for the
 * tutorial's real timing, {@code 0.01} for {@code --fast}, {@code 0} for tests (every duration
 * becomes zero, so nothing waits).
 * <p>Samples never write {@code Duration.ofSeconds(2)} themselves; they ask their
 * {@link SampleContext} for {@code ctx.seconds(2)}, so the runner can speed them up without
 * touching Reactio. Immutable and threadsafe.
 */
public final class Durations {

    private static final Durations REAL = new Durations(1.0);

    private final double scale;

    private Durations(double scale) {
        this.scale = scale;
    }

    /**
     * The tutorial's timing: one second is one second.
     *
     * @return durations with scale 1
     */
    public static Durations real() {
        return REAL;
    }

    /**
     * Durations multiplied by {@code scale}.
     *
     * @param scale the factor; {@code 0} makes every duration zero
     * @return durations with that scale
     * @throws IllegalArgumentException if {@code scale} is negative, infinite or NaN
     */
    public static Durations scaledBy(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("Time scale must be a finite number >= 0, but was " + scale);
        }
        return new Durations(scale);
    }

    /**
     * The factor applied to every duration.
     *
     * @return the scale, 0 or more
     */
    public double scale() {
        return scale;
    }

    /**
     * The tutorial's {@code seconds}, scaled: {@code asyncio.sleep(0.5)} becomes
     * {@code Aio.sleep(time.seconds(0.5))}.
     *
     * @param seconds the duration in the tutorial, in seconds
     * @return {@code seconds * scale}, rounded to the nanosecond
     * @throws IllegalArgumentException if {@code seconds} is negative, infinite or NaN
     */
    public Duration seconds(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be a finite number >= 0, but was " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * scale * 1e9));
    }

    @Override
    public String toString() {
        return "Durations[scale=" + scale + "]";
    }
}
