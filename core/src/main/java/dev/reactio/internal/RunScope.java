package dev.reactio.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One {@code Aio.run}: the "never retrieved" warnings of the tasks that belong to it, logged
 * when it returns. A task belongs to the run whose {@link #KEY} is in the context it was
 * created with (Aio.run writes it into main's context, and every task passes its context on to
 * the tasks it spawns), or, without one, to the run whose main is running on the creating
 * thread. A task created anywhere else (another run, a WebFlux handler, a scheduler thread with
 * no run in its context) is not this run's business: its warning is logged when it is
 * garbage-collected.
 */
public final class RunScope {

    /** The context key; private to the library, so no user code reads or replaces it. */
    private static final Object KEY = new Object() {
        @Override
        public String toString() {
            return "dev.reactio.RunScope";
        }
    };

    private static final ThreadLocal<RunScope> ON_THREAD = new ThreadLocal<>();

    /** Warnings not yet logged nor dismissed; their tasks may still be alive. */
    private final Set<Unretrieved> pending = ConcurrentHashMap.newKeySet();

    private RunScope() {}

    /**
     * Starts a run's scope on the calling thread.
     *
     * @return the new scope; {@link #close()} it when the run returns
     */
    public static RunScope open() {
        RunScope scope = new RunScope();
        ON_THREAD.set(scope);
        return scope;
    }

    /**
     * Whether the calling thread is inside a run.
     *
     * @return true between {@link #open()} and {@link #close()} on this thread
     */
    public static boolean isOpenOnThisThread() {
        return ON_THREAD.get() != null;
    }

    /**
     * Adds this scope to a context, so that the tasks started with it belong to this run.
     *
     * @param context the context of main
     * @return the context with this scope
     */
    public Context addTo(Context context) {
        return context.put(KEY, this);
    }

    /**
     * The context a new task runs with: {@code context}, plus the scope of the run on this
     * thread if {@code context} has none.
     *
     * @param context the context the task was created with
     * @return the task's context
     */
    public static Context forNewTask(ContextView context) {
        Context c = Context.of(context);
        if (!c.hasKey(KEY)) {
            RunScope onThread = ON_THREAD.get();
            if (onThread != null) {
                c = c.put(KEY, onThread);
            }
        }
        return c;
    }

    /**
     * The run a task belongs to.
     *
     * @param taskContext the context from {@link #forNewTask}
     * @return its run, or null if it belongs to none
     */
    static @Nullable RunScope of(ContextView taskContext) {
        return taskContext.getOrDefault(KEY, null);
    }

    void add(Unretrieved u) {
        pending.add(u);
    }

    void remove(Unretrieved u) {
        pending.remove(u);
    }

    /** Leaves the calling thread's run and logs every warning of its tasks still pending. */
    public void close() {
        ON_THREAD.remove();
        for (Unretrieved u : pending) {
            u.report();
        }
    }
}
