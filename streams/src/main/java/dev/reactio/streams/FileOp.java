package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One operation on a {@link ChannelFile} (a read, a write, a seek...), driven as a small step
 * machine: {@link #step()} makes as much progress as it can synchronously and either finishes
 * or starts exactly one channel I/O, whose completion calls it again.
 *
 * <p>What must stay true:
 * <ul>
 * <li>The operation holds the file from {@link ChannelFile#start} until it calls
 *     {@link ChannelFile#release} exactly once; only the holder touches the file's buffers and
 *     position, so they need no lock (acquire and release go through the file's lock,
 *     which orders one holder's writes before the next holder's reads).</li>
 * <li>Cancellation is acted on only between I/Os: a cancelled operation lets the I/O in flight
 *     complete, books what it did, then {@link #abandon() abandons} and releases. So the
 *     position always matches what reached the file, and no buffer is touched by two threads.</li>
 * <li>A failure, like a cancellation, abandons before releasing.</li>
 * <li>Whatever a step throws is signalled, {@code Error}s included: steps run in the channel's
 *     completion handlers, where a throwable is lost (the JDK's I/O threads do not report it)
 *     and the {@code Mono} would never terminate, with the file held for ever. The typical one
 *     is an {@code OutOfMemoryError} from a result too large for the heap: the allocation that
 *     failed is the operation's, and the operation fails with it.</li>
 * </ul>
 *
 * @param <T> the value the operation produces; {@code Void} operations finish with {@code null}
 */
abstract class FileOp<T> extends Operators.MonoSubscriber<T, T> implements CompletionHandler<Integer, ByteBuffer> {

    private static final int NO_IO = 0;
    private static final int READ_AHEAD = 1;
    private static final int READ_INTO = 2;
    private static final int WRITE = 3;

    final ChannelFile file;
    final String name;
    /** The result {@link #step()} finished with; {@code null} completes empty. */
    @Nullable
    T result;
    /** Whether a read reached the end of the file during this operation. */
    boolean eof;
    /** The file's logical position when the operation began, or -1 before it began. */
    long start = -1;
    /** Whether the write buffer is being written out; it is then in read mode (flipped). */
    private boolean flushing;

    private int io = NO_IO;
    /** The limit of the buffer given to the I/O in flight, narrowed to the file's I/O size. */
    private int savedLimit;

    FileOp(CoreSubscriber<? super T> actual, ChannelFile file, String name) {
        super(actual);
        this.file = file;
        this.name = name;
    }

    /**
     * Makes progress. Returns {@code true} when the operation is finished (its value, if any,
     * in {@link #result}), or {@code false} right after starting exactly one I/O.
     */
    abstract boolean step() throws IOException;

    /**
     * Puts the file back in a consistent state after a cancellation or failure. Never called
     * with an I/O in flight, and only if the operation began. Reads go back to {@link #start}.
     */
    abstract void abandon();

    // -------------------------------------------------------------------------------------
    // Driving

    /** Runs the next step; the file was acquired for this operation. */
    final void drive() {
        boolean finished;
        try {
            if (isCancelled()) {
                end(null);
                return;
            }
            if (start < 0) {
                start = file.position();
            }
            finished = step();
        } catch (Throwable e) { // Errors too: see the class comment
            end(e);
            return;
        }
        if (finished) {
            T value = result;
            result = null;
            // Released before the signal, so that a subscriber may start the next operation in it.
            file.release(this);
            if (value == null) {
                actual.onComplete();
            } else {
                complete(value);
            }
        }
    }

    /** Ends a cancelled ({@code error == null}) or failed operation. */
    private void end(@Nullable Throwable error) {
        try {
            if (start >= 0) {
                if (flushing) {
                    file.writeBuf.compact(); // what was not written stays buffered, in write mode
                    flushing = false;
                }
                abandon();
            }
        } catch (Throwable e) { // must not keep the signal from going out
            if (error == null) {
                Operators.onErrorDropped(e, actual.currentContext()); // cancelled: nobody to tell
            } else {
                error.addSuppressed(e);
            }
        } finally {
            file.release(this);
        }
        if (error != null) {
            if (isCancelled()) {
                Operators.onErrorDropped(error, actual.currentContext());
            } else {
                actual.onError(error);
            }
        }
    }

    @Override
    public void cancel() {
        super.cancel();
        file.cancelled(this);
    }

    @Override
    public void completed(Integer result, ByteBuffer buffer) {
        int n = result;
        switch (io) {
            case READ_AHEAD -> buffer.flip();
            case READ_INTO, WRITE -> buffer.limit(savedLimit);
            default -> {
                // Thrown here, it would be lost on the channel's thread: signal it instead.
                end(new IllegalStateException(name + ": the channel completed an I/O that was not in flight"));
                return;
            }
        }
        if (n < 0) {
            eof = true;
        } else {
            file.filePos += n;
        }
        io = NO_IO;
        drive();
    }

    @Override
    public void failed(Throwable exc, ByteBuffer buffer) {
        if (io == READ_AHEAD) {
            buffer.flip();
        } else {
            buffer.limit(savedLimit);
        }
        io = NO_IO;
        end(exc);
    }

    // -------------------------------------------------------------------------------------
    // I/O, one at a time; each returns with the I/O in flight

    /** Reads more bytes into the file's read-ahead buffer, after what it still holds. */
    final void readAhead() {
        ByteBuffer rb = file.readBuffer();
        rb.compact();
        if (!rb.hasRemaining()) {
            rb = file.growReadBuffer(); // a decoder that wants more bytes than it was left
        }
        rb.limit(Math.min(rb.capacity(), rb.position() + file.bufferSize));
        io = READ_AHEAD;
        try {
            file.channel.read(rb, file.filePos, rb, this);
        } catch (Throwable e) { // Errors too: the buffer must be left as it was
            io = NO_IO;
            rb.flip();
            throw e;
        }
    }

    /** Reads straight into {@code dst}, at most the file's I/O size at once. */
    final void readInto(ByteBuffer dst) {
        narrow(dst);
        io = READ_INTO;
        try {
            file.channel.read(dst, file.filePos, dst, this);
        } catch (Throwable e) { // Errors too: the buffer must be left as it was
            io = NO_IO;
            dst.limit(savedLimit);
            throw e;
        }
    }

    /** Writes from {@code src}, at most the file's I/O size at once; appends go to the end. */
    final void writeFrom(ByteBuffer src) throws IOException {
        if (file.mode.append()) {
            file.filePos = file.channel.size();
        }
        narrow(src);
        io = WRITE;
        try {
            file.channel.write(src, file.filePos, src, this);
        } catch (Throwable e) { // Errors too: the buffer must be left as it was
            io = NO_IO;
            src.limit(savedLimit);
            throw e;
        }
    }

    private void narrow(ByteBuffer buffer) {
        savedLimit = buffer.limit();
        buffer.limit(buffer.position() + Math.min(buffer.remaining(), file.ioSize));
    }

    /**
     * Writes out the file's write buffer. Returns {@code true} after starting an I/O (call
     * again from the next step) and {@code false} once nothing is left to write.
     */
    final boolean flushWrites() throws IOException {
        ByteBuffer wb = file.writeBuf;
        if (!flushing) {
            if (wb.position() == 0) {
                return false;
            }
            wb.flip();
            flushing = true;
        }
        if (wb.hasRemaining()) {
            writeFrom(wb);
            return true;
        }
        wb.clear();
        flushing = false;
        return false;
    }

    /** Undoes a read: back to {@link #start}, unless it never got past writing out pending bytes. */
    final void rewind() {
        if (file.writeBuf.position() == 0) {
            file.moveTo(start);
        }
    }

    /** Whether the write buffer is being written out by {@link #flushWrites()}. */
    final boolean flushing() {
        return flushing;
    }
}
