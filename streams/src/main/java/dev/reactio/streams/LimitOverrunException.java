package dev.reactio.streams;

import java.io.Serial;

/**
 * A separator was not found within the reader's limit: asyncio's {@code LimitOverrunError}.
 * Thrown by {@link StreamReader#readuntil(byte[])} (the data stays in the buffer) and
 * {@link StreamReader#readline()} (the over-long line is discarded).
 */
public final class LimitOverrunException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param consumed how many bytes the separator search covered
     */
    public LimitOverrunException(String message, int consumed) {
        super(message + " (consumed " + consumed + " bytes)");
        this.consumed = consumed;
    }

    /**
     * How many bytes the separator search covered.
     *
     * @return the number of bytes to skip to get past the searched part
     */
    public int consumed() {
        return consumed;
    }
}
