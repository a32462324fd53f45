package dev.reactio.sync;

import dev.reactio.testsupport.Stress;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The Lincheck settings shared by the {@code *LincheckTest} classes. Each iteration is one random
 * scenario (a few operations on each of a few threads); the model checker then explores up to
 * {@code invocationsPerIteration} interleavings of it. The defaults fit the {@code lincheck}
 * profile (about a minute per class on two cores); {@code -Dreactio.stress=N} multiplies the
 * scenarios, as it does the stress tests' iterations.
 */
final class LincheckOptions {

    private static final int SCENARIOS = 20;
    private static final int INTERLEAVINGS_PER_SCENARIO = 1_000;

    private LincheckOptions() {}

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions()
                .iterations(Stress.times(SCENARIOS))
                .invocationsPerIteration(INTERLEAVINGS_PER_SCENARIO)
                .threads(2)
                .actorsPerThread(3);
    }
}
