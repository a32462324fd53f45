package dev.reactio.internal;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pending "Task exception was never retrieved" warning of one failed task. It is logged
 * once: when the task becomes unreachable (a {@link Cleaner} action, which holds this object
 * and never the task), or when {@code Aio.run} returns ({@link #reportAll()}), whichever comes
 * first, unless {@link #dismiss()} was called because somebody retrieved the error.
 * <p>Only failed tasks pay for this; a task that succeeds or is cancelled registers nothing.
 */
public final class Unretrieved implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.reactio.Task");

    /** Warnings not yet logged nor dismissed; their tasks may still be alive. */
    private static final Set<Unretrieved> PENDING = ConcurrentHashMap.newKeySet();

    private final String taskName;
    private final Throwable error;
    /** Flips once: whoever flips it logs (or dismisses) and unregisters. */
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile Cleaner.@Nullable Cleanable cleanable;

    private Unretrieved(String taskName, Throwable error) {
        this.taskName = taskName;
        this.error = error;
    }

    /**
     * Registers the warning for a task that just failed.
     *
     * @param task the task; only watched for reachability, never retained
     * @param taskName its name, for the log line
     * @param error its error
     * @return the warning, to dismiss if the error is retrieved later
     */
    public static Unretrieved register(Object task, String taskName, Throwable error) {
        Unretrieved u = new Unretrieved(taskName, error);
        PENDING.add(u);
        u.cleanable = CleanerHolder.CLEANER.register(task, u);
        return u;
    }

    /** Logs every warning still pending; {@code Aio.run} calls this as it returns. */
    public static void reportAll() {
        for (Unretrieved u : PENDING) {
            u.report();
        }
    }

    /** The error was retrieved: never log it. */
    public void dismiss() {
        if (settled.compareAndSet(false, true)) {
            PENDING.remove(this);
            Cleaner.Cleanable c = cleanable;
            if (c != null) {
                c.clean(); // runs run(), which finds settled already true
            }
        }
    }

    /** The task became unreachable (Cleaner thread). */
    @Override
    public void run() {
        report();
    }

    private void report() {
        if (settled.compareAndSet(false, true)) {
            PENDING.remove(this);
            LOG.warn("Task exception was never retrieved: task '{}' failed with {}", taskName, error.toString(), error);
        }
    }

    /** Lazily starts the Cleaner's daemon thread, only once some task failed unretrieved. */
    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create();
    }
}
