package dev.reactio.sync;

import dev.reactio.testsupport.Stress;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of {@link AsyncLock}'s non-waiting operations ({@code release}, {@code locked})
 * together with an {@code acquire()} that either takes the lock at once or stays queued until a
 * later release hands it over, checked by Lincheck's model checker.
 * <p>Lincheck creates one instance of this class per scenario (so the class and its operations
 * are public) and uses the same class, run sequentially, as the specification.
 * Left out of the default build; run with {@code mvn -pl core -Plincheck test}.
 */
@Tag("lincheck")
public class LockLincheckTest {

    private final AsyncLock lock = new AsyncLock();

    /** {@code acquire()} subscribed and left alone: true if it took the lock at once, else it stays queued. */
    @Operation
    public boolean acquire() {
        Stress.Recorder<Void> acquirer = new Stress.Recorder<>();
        lock.acquire().subscribe(acquirer);
        return acquirer.signalledOnCreatingThread();
    }

    @Operation
    public String release() {
        try {
            lock.release();
            return "released";
        } catch (IllegalStateException e) {
            return "not locked";
        }
    }

    @Operation
    public boolean locked() {
        return lock.locked();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // hang guard only: model checking takes about a minute
    void nonWaitingOperationsAreLinearizable() {
        LincheckOptions.modelChecking().check(getClass());
    }
}
