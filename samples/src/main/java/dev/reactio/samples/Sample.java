package dev.reactio.samples;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One runnable example of the tutorial, as the runner lists it.
 *
 * @param name the command-line name, lower-case words joined by {@code -} ({@code wait-for})
 * @param section where the example is in the tutorial, in English ({@code Concurrent execution > wait_for})
 * @param description one line saying what the sample shows
 * @param body the example itself
 */
public record Sample(String name, String section, String description, Body body) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /**
     * Creates a sample, checking its name.
     *
     * @param name the command-line name
     * @param section where the example is in the tutorial
     * @param description one line saying what the sample shows
     * @param body the example itself
     * @throws IllegalArgumentException if {@code name} is not lower-case words joined by {@code -},
     *     or the section or description is blank
     */
    public Sample {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(body, "body");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Sample name must be lower-case words joined by '-', but was '" + name + "'");
        }
        if (section.isBlank() || description.isBlank()) {
            throw new IllegalArgumentException("Sample '" + name + "' needs a section and a description");
        }
    }

    /**
     * Runs the sample: its {@code asyncio.run(main())}, which blocks until it is done.
     *
     * @param ctx where to print and how fast time goes
     */
    public void run(SampleContext ctx) {
        body.run(ctx);
    }

    /** The code of a sample; usually a static {@code run(SampleContext)} method reference. */
    @FunctionalInterface
    public interface Body {

        /**
         * Runs the example to completion, printing to {@code ctx.out()}.
         *
         * @param ctx where to print and how fast time goes
         */
        void run(SampleContext ctx);
    }
}
