package dev.reactio.streams;

import java.io.Serial;

/**
 * The stream ended before a read could be satisfied: asyncio's {@code IncompleteReadError}.
 * Thrown by {@link StreamReader#readexactly(int)} and {@link StreamReader#readuntil(byte[])}.
 */
public final class IncompleteReadException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] partial;
    private final int expected;

    /**
     * Creates the exception.
     *
     * @param partial the bytes read before the end of the stream (kept, not copied)
     * @param expected the number of bytes that were expected, or -1 if unknown (a separator
     *     was awaited)
     */
    public IncompleteReadException(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes read before the end of the stream.
     *
     * @return the partial data (the array itself, not a copy)
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * How many bytes were expected.
     *
     * @return the expected count, or -1 if unknown
     */
    public int expected() {
        return expected;
    }
}
