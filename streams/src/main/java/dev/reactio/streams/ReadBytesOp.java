package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;

/**
 * {@link AsyncFile#readBytes(int)}: up to {@code n} bytes, fewer only at the end of the file;
 * all the rest for {@code n < 0}. Small reads go through the read-ahead buffer, reads of a
 * buffer's size or more go straight into the result, as Python's {@code BufferedReader} does.
 */
final class ReadBytesOp extends FileOp<byte[]> {

    /** Results up to this size are allocated whole at once; larger ones grow as bytes arrive. */
    private static final int EXACT_UP_TO = 1 << 20;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int n;
    /** The result so far, allocated when the read begins. */
    private @Nullable ByteBuffer out;

    ReadBytesOp(CoreSubscriber<? super byte[]> actual, ChannelFile file, int n) {
        super(actual, file, "readBytes(int)");
        this.n = n;
    }

    @Override
    boolean step() throws IOException {
        if (flushWrites()) {
            return false;
        }
        if (out == null) {
            out = file.allocate(n >= 0 && n <= EXACT_UP_TO ? n : n < 0 ? file.ioSize : Math.min(n, file.ioSize));
        }
        while (true) {
            int room = room(); // may replace out with a larger buffer
            ByteBuffer out = Objects.requireNonNull(this.out);
            if (room == 0) {
                return finish();
            }
            ByteBuffer rb = file.readBuf;
            if (rb.hasRemaining()) {
                int k = Math.min(room, rb.remaining());
                out.put(out.position(), rb, rb.position(), k);
                out.position(out.position() + k);
                rb.position(rb.position() + k);
                continue;
            }
            if (eof) {
                return finish();
            }
            if (room >= file.bufferSize) {
                readInto(out);
            } else {
                readAhead();
            }
            return false;
        }
    }

    /** How many more bytes fit and are wanted, growing the result when it is full. */
    private int room() throws IOException {
        ByteBuffer out = Objects.requireNonNull(this.out);
        long wanted = n < 0 ? Long.MAX_VALUE : n - out.position();
        if (wanted > 0 && !out.hasRemaining()) {
            int capacity = (int) Math.min(MAX_ARRAY, Math.min(2L * out.capacity(), n < 0 ? MAX_ARRAY : n));
            if (capacity == out.capacity()) {
                throw new IOException("readBytes(" + n + "): what is left of " + file.path
                        + " does not fit in one byte array; read it in parts, or with AsyncFiles.readChunks");
            }
            out = file.allocate(capacity).put(out.flip());
            this.out = out;
        }
        // capacity never exceeds n, so what fits is also wanted
        return wanted == 0 ? 0 : out.remaining();
    }

    private boolean finish() {
        ByteBuffer out = Objects.requireNonNull(this.out);
        result = out.position() == out.capacity() ? out.array() : Arrays.copyOf(out.array(), out.position());
        return true;
    }

    @Override
    void abandon() {
        rewind();
    }
}
