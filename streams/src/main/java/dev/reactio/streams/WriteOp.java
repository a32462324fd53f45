package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;

/**
 * {@link AsyncFile#write(String)} and {@link AsyncFile#write(byte[])}: bytes that fit go into
 * the write buffer (the write completes at once); otherwise the buffer is written out first,
 * and what is at least a buffer's size goes straight to the file.
 */
final class WriteOp extends FileOp<Void> {

    /** What is left to write; null until the text was encoded. */
    private @Nullable ByteBuffer data;

    private final @Nullable String text;

    /** Exactly one of {@code data} and {@code text} is given. */
    WriteOp(
            CoreSubscriber<? super Void> actual,
            ChannelFile file,
            String name,
            @Nullable ByteBuffer data,
            @Nullable String text) {
        super(actual, file, name);
        this.data = data;
        this.text = text;
    }

    @Override
    boolean step() throws IOException {
        ByteBuffer d = data;
        if (d == null) {
            d = file.text().encode(Objects.requireNonNull(text));
            data = d;
        }
        file.dropReadAhead();
        while (true) {
            if (flushing()) {
                if (flushWrites()) {
                    return false;
                }
                continue;
            }
            if (!d.hasRemaining()) {
                return true;
            }
            ByteBuffer wb = file.writeBuffer();
            if (d.remaining() <= wb.remaining()) {
                wb.put(d);
                return true;
            }
            if (wb.position() > 0) {
                if (flushWrites()) {
                    return false;
                }
                continue;
            }
            writeFrom(d);
            return false;
        }
    }

    @Override
    void abandon() {
        // What reached the file stays there and counts in tell(); the rest of this write is dropped.
    }
}
