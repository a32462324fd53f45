package dev.reactio.streams;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The streams tests' one polling helper (it was copied into three test classes). */
final class Polling {

    private Polling() {
    }

    /**
     * Polls a condition that must become true within {@code guard} (a hang guard, not a timing
     * claim), failing with "still waiting for {@code what}" otherwise.
     */
    static void await(String what, BooleanSupplier condition, Duration guard) {
        long deadline = System.nanoTime() + guard.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
