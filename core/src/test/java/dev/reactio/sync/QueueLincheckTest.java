package dev.reactio.sync;

import dev.reactio.testsupport.Stress;
import java.util.concurrent.TimeUnit;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of {@link AsyncQueue}'s non-waiting operations, checked by Lincheck's model
 * checker: every concurrent run of {@code putNowait}, {@code getNowait}, {@code qsize},
 * {@code empty}, {@code full}, {@code taskDone} and a {@code get()} that either takes an item at
 * once or stays queued must match some sequential order of the same calls.
 * <p>Lincheck creates one instance of this class per scenario (so the class and its operations
 * are public) and uses the same class, run sequentially, as the specification.
 * Left out of the default build; run with {@code mvn -pl core -Plincheck test}.
 */
@Tag("lincheck")
@Param(name = "item", gen = IntGen.class, conf = "1:3")
public class QueueLincheckTest {

    private final AsyncQueue<Integer> queue = new AsyncQueue<>(2);

    @Operation
    public String putNowait(@Param(name = "item") int item) {
        try {
            queue.putNowait(item);
            return "put";
        } catch (QueueFullException e) {
            return "full";
        }
    }

    @Operation
    public String getNowait() {
        try {
            return "got " + queue.getNowait();
        } catch (QueueEmptyException e) {
            return "empty";
        }
    }

    /**
     * {@code get()} subscribed and left alone: the item if one was there, else a getter that
     * stays queued and is fed by a later put (which the sequential specification does too).
     */
    @Operation
    public String get() {
        Stress.Recorder<Integer> getter = new Stress.Recorder<>();
        queue.get().subscribe(getter);
        return getter.signalledOnCreatingThread() ? "got " + getter.value.get() : "waits";
    }

    @Operation
    public int qsize() {
        return queue.qsize();
    }

    @Operation
    public boolean empty() {
        return queue.empty();
    }

    @Operation
    public boolean full() {
        return queue.full();
    }

    @Operation
    public String taskDone() {
        try {
            queue.taskDone();
            return "done";
        } catch (IllegalStateException e) {
            return "too many";
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // hang guard only: model checking takes about a minute
    void nonWaitingOperationsAreLinearizable() {
        LincheckOptions.modelChecking().check(getClass());
    }
}
