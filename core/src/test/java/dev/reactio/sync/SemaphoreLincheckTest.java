package dev.reactio.sync;

import dev.reactio.testsupport.Stress;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of {@link AsyncBoundedSemaphore}'s non-waiting operations ({@code release},
 * {@code availablePermits}, {@code locked}) together with an {@code acquire()} that either gets a
 * permit at once or stays queued until a later release hands it one, checked by Lincheck's model
 * checker. Bounded, so that releasing above the initial permits ({@code IllegalStateException})
 * is part of the check.
 * <p>Lincheck creates one instance of this class per scenario (so the class and its operations
 * are public) and uses the same class, run sequentially, as the specification.
 * Left out of the default build; run with {@code mvn -pl core -Plincheck test}.
 */
@Tag("lincheck")
public class SemaphoreLincheckTest {

    private final AsyncSemaphore semaphore = new AsyncBoundedSemaphore(2);

    /** {@code acquire()} subscribed and left alone: true if it got a permit at once, else it stays queued. */
    @Operation
    public boolean acquire() {
        Stress.Recorder<Void> acquirer = new Stress.Recorder<>();
        semaphore.acquire().subscribe(acquirer);
        return acquirer.signalledOnCreatingThread();
    }

    @Operation
    public String release() {
        try {
            semaphore.release();
            return "released";
        } catch (IllegalStateException e) {
            return "over-released";
        }
    }

    @Operation
    public int availablePermits() {
        return semaphore.availablePermits();
    }

    @Operation
    public boolean locked() {
        return semaphore.locked();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // hang guard only: model checking takes about a minute
    void nonWaitingOperationsAreLinearizable() {
        LincheckOptions.modelChecking().check(getClass());
    }
}
