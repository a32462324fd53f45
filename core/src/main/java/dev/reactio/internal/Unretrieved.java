package dev.reactio.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The pending "Task exception was never retrieved" warning of one failed task. It is logged
 * once: when the task becomes unreachable (a {@link Cleaner} action, which holds this object
 * and never the task), or when the {@code Aio.run} the task belongs to returns
 * ({@link RunScope#close()}), whichever comes first, unless {@link #dismiss()} was called
 * because somebody retrieved the error.
 * <p>Only failed tasks pay for this; a task that succeeds or is cancelled registers nothing.
 */
public final class Unretrieved implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.reactio.Task");

    private final String taskName;
    private final Throwable error;
    /** The run that logs this when it returns, if the task belongs to one. */
    private final @Nullable RunScope scope;
    /**
     * The task's context when ThreadLocals propagate (so the warning carries the task's MDC,
     * whichever thread logs it); empty otherwise, so nothing more is retained.
     */
    private final ContextView context;
    /** Flips once: whoever flips it logs (or dismisses) and unregisters. */
    private final AtomicBoolean settled = new AtomicBoolean();

    private volatile Cleaner.@Nullable Cleanable cleanable;

    private Unretrieved(String taskName, Throwable error, @Nullable RunScope scope, ContextView context) {
        this.taskName = taskName;
        this.error = error;
        this.scope = scope;
        this.context = context;
    }

    /**
     * Registers the warning for a task that just failed.
     *
     * @param task the task; only watched for reachability, never retained
     * @param taskName its name, for the log line
     * @param error its error
     * @param taskContext the task's context, from {@link RunScope#forNewTask}: says which run,
     *     if any, logs the warning as it returns
     * @return the warning, to dismiss if the error is retrieved later
     */
    public static Unretrieved register(Object task, String taskName, Throwable error, ContextView taskContext) {
        RunScope scope = RunScope.of(taskContext);
        Unretrieved u =
                new Unretrieved(taskName, error, scope, ThreadLocalContext.enabled() ? taskContext : Context.empty());
        if (scope != null) {
            scope.add(u);
        }
        u.cleanable = SharedCleaner.register(task, u);
        return u;
    }

    /** The error was retrieved: never log it. */
    public void dismiss() {
        if (settled.compareAndSet(false, true)) {
            unlist();
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

    private void unlist() {
        RunScope s = scope;
        if (s != null) {
            s.remove(this);
        }
    }

    void report() {
        if (settled.compareAndSet(false, true)) {
            unlist();
            ThreadLocalContext.runWith(
                    context,
                    () -> LOG.warn(
                            "Task exception was never retrieved: task '{}' failed with {}",
                            taskName,
                            error.toString(),
                            error));
        }
    }
}
