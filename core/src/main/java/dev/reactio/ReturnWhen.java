package dev.reactio;

/**
 * When {@link Aio#wait(java.util.Collection, ReturnWhen)} returns: asyncio's
 * {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION} and {@code ALL_COMPLETED}.
 */
public enum ReturnWhen {
    /** As soon as any task is done (with a value, an error or cancelled). */
    FIRST_COMPLETED,
    /** As soon as any task fails with an error (not cancellation), or when all are done. */
    FIRST_EXCEPTION,
    /** When every task is done. */
    ALL_COMPLETED
}
