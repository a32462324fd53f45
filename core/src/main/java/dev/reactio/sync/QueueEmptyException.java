package dev.reactio.sync;

/**
 * Thrown when get from an empty queue without waiting (getNowait): asyncio's {@code QueueEmpty}.
 */
public final class QueueEmptyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
