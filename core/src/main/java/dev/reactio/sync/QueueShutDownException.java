package dev.reactio.sync;

/**
 * Thrown when putting into a queue that was shut down, or getting from one that is shut down and drained: asyncio's {@code QueueShutDown}.
 */
public final class QueueShutDownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
