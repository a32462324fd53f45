package dev.reactio;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when one or more tasks of a {@link TaskGroup} (or its body) failed: Reactio's
 * {@code ExceptionGroup} from {@code async with asyncio.TaskGroup()}. Every failure is in
 * {@link #exceptions()} in the order the failures happened, and each is attached as a
 * suppressed exception so that stack traces show them all.
 */
public final class TaskGroupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Immutable; a {@code List.copyOf}, so serializable. */
    private final List<Throwable> exceptions;

    /**
     * Creates the exception.
     *
     * @param exceptions the failures, in the order they happened; at least one
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    public TaskGroupException(List<? extends Throwable> exceptions) {
        super(message(exceptions), null, true, true);
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            addSuppressed(t);
        }
    }

    private static String message(List<? extends Throwable> exceptions) {
        Objects.requireNonNull(exceptions, "exceptions");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("TaskGroupException needs at least one exception, got none");
        }
        int n = exceptions.size();
        return "unhandled errors in a TaskGroup (" + n + " sub-exception" + (n == 1 ? ")" : "s)") + ": first "
                + exceptions.get(0);
    }

    /**
     * The failures of the group's tasks and body, in the order they happened.
     *
     * @return an unmodifiable list of at least one exception
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
