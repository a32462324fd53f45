package dev.reactio.streams;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * A decode-only charset that throws an {@code Error}: when its decoder is created, or when it
 * is given bytes to decode. Stands in for an {@link OutOfMemoryError} deep in a read, without
 * a file larger than the heap.
 */
final class FailingCharset extends Charset {

    private final boolean failCreatingDecoder;
    private final Error error;

    /**
     * @param failCreatingDecoder throw from {@link #newDecoder()}, else from decoding bytes
     * @param error what to throw
     */
    FailingCharset(boolean failCreatingDecoder, Error error) {
        super("x-reactio-failing", new String[0]);
        this.failCreatingDecoder = failCreatingDecoder;
        this.error = error;
    }

    @Override
    public boolean contains(Charset cs) {
        return cs == this;
    }

    @Override
    public boolean canEncode() {
        return false;
    }

    @Override
    public CharsetDecoder newDecoder() {
        if (failCreatingDecoder) {
            throw error;
        }
        return new CharsetDecoder(this, 1f, 1f) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                if (in.hasRemaining()) {
                    throw error;
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }

    @Override
    public CharsetEncoder newEncoder() {
        throw new UnsupportedOperationException("decode only");
    }
}
