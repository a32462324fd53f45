package dev.reactio.sync;

/**
 * Thrown when put into a full queue without waiting (putNowait): asyncio's {@code QueueFull}.
 */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public QueueFullException(String message) {
        super(message);
    }
}
