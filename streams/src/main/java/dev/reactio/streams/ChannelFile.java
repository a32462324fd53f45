package dev.reactio.streams;

import dev.reactio.Aio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.charset.Charset;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * {@link AsyncFile} on an {@link AsynchronousFileChannel}, with Python's buffering: reads go
 * through a read-ahead buffer, writes collect in a write buffer that {@link #flush()},
 * {@link #seek(long)}, any read and {@link #aclose()} write out. The two are never both in use:
 * a read first writes out pending bytes, a write first drops the read-ahead.
 *
 * <p>The logical position ({@link #tell()}) is {@code filePos - readBuf.remaining() +
 * writeBuf.position()}: {@code filePos} is where the next channel I/O goes.
 *
 * <p>One operation at a time holds the file (see {@link FileOp}). An operation that arrives
 * while a <em>cancelled</em> one is still waiting for its last I/O waits for it instead of
 * failing, so that cancelling and going on works; {@code aclose()} likewise waits for the
 * holder. Everything else that overlaps is rejected.
 */
final class ChannelFile implements AsyncFile {

    /** Python's {@code io.DEFAULT_BUFFER_SIZE}. */
    static final int DEFAULT_BUFFER_SIZE = 8192;
    /** The most one channel I/O moves, at least: bounds the JDK's per-thread temporary direct buffers. */
    static final int MIN_IO_SIZE = 64 * 1024;
    /** Room for the bytes of a character split across reads, kept in the read-ahead buffer. */
    private static final int CARRY_OVER = 16;

    /**
     * Told of every channel opened and closed; tests install one to check that nothing leaks.
     * Null otherwise: the library itself keeps no registry of open files.
     */
    static volatile @Nullable Watcher watcher;

    /** See {@link #watcher}. */
    interface Watcher {
        /** A file's channel was opened. */
        void opened(ChannelFile file);

        /** A file's channel was closed. */
        void closed(ChannelFile file);
    }

    final Path path;
    final OpenMode mode;
    final AsynchronousFileChannel channel;
    final int bufferSize;
    final int ioSize;
    /** Null in binary mode. */
    private final @Nullable TextCodec text;

    // Only the operation holding the file touches these (see FileOp); allocated on first use.
    /** Read mode: position to limit is what was read ahead and not consumed yet. */
    ByteBuffer readBuf = ByteBuffer.allocate(0);
    /** Write mode: position is the number of bytes waiting to be written. */
    ByteBuffer writeBuf = ByteBuffer.allocate(0);

    long filePos;

    /** Guards the fields below; private, so that no user code holding this file can hold it. */
    private final Object lock = new Object();
    // Guarded by lock.
    private @Nullable FileOp<?> holder;
    private boolean holderCancelled;
    private @Nullable FileOp<?> next;
    /** Whether aclose() was subscribed: no operation starts any more. */
    private boolean closing;

    /** How {@link #allocate} allocates; only tests change it, before the first operation. */
    private IntFunction<ByteBuffer> allocator = ByteBuffer::allocate;

    /** Completes when the channel is closed. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private ChannelFile(
            Path path,
            OpenMode mode,
            AsynchronousFileChannel channel,
            @Nullable Charset charset,
            int bufferSize,
            long position) {
        this.path = path;
        this.mode = mode;
        this.channel = channel;
        this.bufferSize = bufferSize;
        this.ioSize = Math.max(bufferSize, MIN_IO_SIZE);
        this.filePos = position;
        this.text = charset == null ? null : new TextCodec(charset, bufferSize);
        if (text != null && position > 0) {
            text.skipByteOrderMark();
        }
    }

    /**
     * Opens the channel; blocking, so it runs on a worker thread.
     *
     * @param charset the text charset, {@code null} in binary mode
     */
    static ChannelFile open(Path path, OpenMode mode, @Nullable Charset charset, int bufferSize) throws IOException {
        AsynchronousFileChannel channel =
                AsynchronousFileChannel.open(path, mode.options().toArray(new OpenOption[0]));
        if (Files.isDirectory(path)) {
            // Opening a directory for writing fails in the file system; for reading it succeeds
            // (on Linux) and only the first read fails. Fail here, as Python's open() does with
            // IsADirectoryError, and as the JDK words it for writing.
            FileSystemException isDirectory = new FileSystemException(path.toString(), null, "Is a directory");
            try {
                channel.close();
            } catch (IOException closeError) {
                isDirectory.addSuppressed(closeError);
            }
            throw isDirectory;
        }
        return on(path, mode, channel, charset, bufferSize);
    }

    /** A file on an open channel, which it closes if it fails; tests give it a gated channel. */
    static ChannelFile on(
            Path path, OpenMode mode, AsynchronousFileChannel channel, @Nullable Charset charset, int bufferSize)
            throws IOException {
        try {
            ChannelFile file =
                    new ChannelFile(path, mode, channel, charset, bufferSize, mode.append() ? channel.size() : 0);
            Watcher w = watcher;
            if (w != null) {
                w.opened(file);
            }
            return file;
        } catch (Throwable e) { // an Error too: the channel must not leak
            try {
                channel.close();
            } catch (IOException | RuntimeException closeError) {
                e.addSuppressed(closeError);
            }
            throw e;
        }
    }

    // -------------------------------------------------------------------------------------
    // AsyncFile

    @Override
    public Mono<String> read() {
        return op("read()", Need.TEXT_READ, (s, f) -> new ReadTextOp(s, f));
    }

    @Override
    public Mono<byte[]> readBytes(int n) {
        return op("readBytes(int)", Need.BYTES_READ, (s, f) -> new ReadBytesOp(s, f, n));
    }

    @Override
    public Mono<String> readline() {
        return op("readline()", Need.TEXT_READ, (s, f) -> new ReadLineOp(s, f, "readline()", true));
    }

    @Override
    public Flux<String> lines() {
        Mono<String> line = op("lines()", Need.TEXT_READ, (s, f) -> new ReadLineOp(s, f, "lines()", false));
        return Aio.iterate(() -> line);
    }

    @Override
    public Mono<Void> write(String s) {
        Objects.requireNonNull(s, "s");
        return op("write(String)", Need.TEXT_WRITE, (sub, f) -> new WriteOp(sub, f, "write(String)", null, s));
    }

    @Override
    public Mono<Void> write(byte[] b) {
        Objects.requireNonNull(b, "b");
        return write(ByteBuffer.wrap(b), "write(byte[])");
    }

    /** Writes {@code b}'s remaining bytes, without changing {@code b}. */
    Mono<Void> write(ByteBuffer b, String name) {
        return op(name, Need.BYTES_WRITE, (s, f) -> new WriteOp(s, f, name, b.duplicate(), null));
    }

    @Override
    public Mono<Void> flush() {
        return op("flush()", Need.NOTHING, (s, f) -> new FlushOp(s, f, "flush()", -1));
    }

    @Override
    public Mono<Void> seek(long offset) {
        if (offset < 0) {
            return Mono.error(() -> new IllegalArgumentException("offset must be at least 0, but was " + offset));
        }
        return op("seek(long)", Need.NOTHING, (s, f) -> new FlushOp(s, f, "seek(long)", offset));
    }

    @Override
    public long tell() {
        synchronized (lock) {
            checkOpen("tell()");
            if (holder != null) {
                throw busy("tell()", holder);
            }
            return position();
        }
    }

    @Override
    public Mono<Void> aclose() {
        return Mono.defer(() -> {
            boolean now;
            synchronized (lock) {
                now = !closing && holder == null;
                closing = true;
            }
            if (now) {
                startClose();
            }
            // Shared by every aclose(): cancelling one subscriber must not cancel the close.
            return Mono.fromFuture(closed, true);
        });
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + ", mode '" + mode.text() + "']";
    }

    // -------------------------------------------------------------------------------------
    // Holding the file

    private enum Need {
        NOTHING,
        TEXT_READ,
        BYTES_READ,
        TEXT_WRITE,
        BYTES_WRITE
    }

    private <T> Mono<T> op(
            String name, Need need, BiFunction<CoreSubscriber<? super T>, ChannelFile, FileOp<T>> factory) {
        return new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                RuntimeException wrongMode = checkMode(name, need);
                if (wrongMode != null) {
                    Operators.error(actual, wrongMode);
                    return;
                }
                FileOp<T> op = factory.apply(actual, ChannelFile.this);
                actual.onSubscribe(op);
                start(op);
            }
        };
    }

    private @Nullable RuntimeException checkMode(String name, Need need) {
        boolean read = need == Need.TEXT_READ || need == Need.BYTES_READ;
        boolean write = need == Need.TEXT_WRITE || need == Need.BYTES_WRITE;
        if (read && !mode.readable()) {
            return new UnsupportedOperationException(name + " needs a file opened for reading, but " + path
                    + " was opened with mode '" + mode.text() + "'; open it with 'r' or add '+'");
        }
        if (write && !mode.writable()) {
            return new UnsupportedOperationException(name + " needs a file opened for writing, but " + path
                    + " was opened with mode '" + mode.text() + "'; open it with 'w', 'a', 'x' or 'r+'");
        }
        if ((need == Need.TEXT_READ || need == Need.TEXT_WRITE) && mode.binary()) {
            return new UnsupportedOperationException(name + " needs a text-mode file, but " + path
                    + " was opened in binary mode '" + mode.text() + "'; use readBytes(int) and write(byte[])");
        }
        if ((need == Need.BYTES_READ || need == Need.BYTES_WRITE) && !mode.binary()) {
            return new UnsupportedOperationException(name + " needs a binary-mode file, but " + path
                    + " was opened in text mode '" + mode.text() + "'; add 'b' to the mode, or use read(), "
                    + "readline() and write(String)");
        }
        return null;
    }

    /** Runs {@code op} now, after a cancelled holder, or fails it. */
    private void start(FileOp<?> op) {
        RuntimeException error;
        synchronized (lock) {
            if (closing) {
                error = closedError(op.name);
            } else if (holder == null) {
                holder = op;
                holderCancelled = false;
                error = null;
            } else if (holderCancelled && next == null) {
                next = op; // release() hands the file over
                return;
            } else {
                error = busy(op.name, holder);
            }
        }
        if (error == null) {
            op.drive();
        } else {
            op.actual().onError(error);
        }
    }

    /** Called once by the holder when it is done. */
    void release(FileOp<?> op) {
        FileOp<?> handOver;
        boolean close;
        synchronized (lock) {
            if (holder != op) {
                return; // the close sequence's own flush: the file is already closing
            }
            handOver = next;
            next = null;
            holder = handOver;
            holderCancelled = false;
            close = handOver == null && closing;
        }
        if (handOver != null) {
            handOver.drive();
        } else if (close) {
            startClose();
        }
    }

    /** The holder was cancelled: it is only waiting for its last I/O now. */
    void cancelled(FileOp<?> op) {
        synchronized (lock) {
            if (holder == op) {
                holderCancelled = true;
            }
        }
    }

    private void checkOpen(String name) {
        if (closing) {
            throw closedError(name);
        }
    }

    private IllegalStateException closedError(String name) {
        return new IllegalStateException(name + " on a closed file: " + path);
    }

    private IllegalStateException busy(String name, FileOp<?> running) {
        return new IllegalStateException("another operation is in progress on " + path + ": " + name
                + " cannot start before " + running.name + " completes; an AsyncFile runs one operation "
                + "at a time, like aiofiles, so chain them (then, concatMap)");
    }

    // -------------------------------------------------------------------------------------
    // Closing

    /** Writes out the write buffer, then closes the channel on a worker thread (close may block). */
    private void startClose() {
        Mono<Void> flush = new Mono<>() {
            @Override
            public void subscribe(CoreSubscriber<? super Void> actual) {
                FileOp<Void> op = new FlushOp(actual, ChannelFile.this, "aclose()", -1);
                actual.onSubscribe(op);
                op.drive(); // not through start(): nothing else can hold a closing file
            }
        };
        flush.subscribe(null, this::closeChannel, () -> closeChannel(null));
    }

    private void closeChannel(@Nullable Throwable flushError) {
        Runnable close = () -> {
            Throwable error = flushError;
            try {
                channel.close();
            } catch (Throwable e) { // whatever close() throws, aclose() must complete
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            } finally {
                Watcher w = watcher;
                if (w != null) {
                    w.closed(this);
                }
            }
            if (error == null) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(error);
            }
        };
        try {
            Schedulers.boundedElastic().schedule(close);
        } catch (RejectedExecutionException e) {
            close.run(); // better to block this thread once than to leak the channel
        }
    }

    /** Test hook: replaces how results are allocated (to make an allocation fail); set before the first operation. */
    void allocator(IntFunction<ByteBuffer> allocator) {
        this.allocator = allocator;
    }

    /** A heap buffer of {@code capacity} bytes for an operation's result. */
    ByteBuffer allocate(int capacity) {
        return allocator.apply(capacity);
    }

    /** Test hook: whether {@code aclose()} was subscribed. */
    boolean closeRequested() {
        synchronized (lock) {
            return closing;
        }
    }

    /** Test hook: completes when the channel is closed. */
    CompletableFuture<Void> whenClosed() {
        return closed;
    }

    // -------------------------------------------------------------------------------------
    // Buffers; only the holder calls these

    long position() {
        return filePos - readBuf.remaining() + writeBuf.position();
    }

    ByteBuffer readBuffer() {
        if (readBuf.capacity() == 0) {
            readBuf = ByteBuffer.allocate(bufferSize + CARRY_OVER).limit(0);
        }
        return readBuf;
    }

    /** Doubles the read-ahead buffer, which is full and in write mode; returns it in write mode. */
    ByteBuffer growReadBuffer() {
        readBuf = ByteBuffer.allocate(2 * readBuf.capacity()).put(readBuf.flip());
        return readBuf;
    }

    ByteBuffer writeBuffer() {
        if (writeBuf.capacity() == 0) {
            writeBuf = ByteBuffer.allocate(bufferSize);
        }
        return writeBuf;
    }

    /** Forgets the bytes read ahead, so that the next I/O goes to the logical position. */
    void dropReadAhead() {
        filePos -= readBuf.remaining();
        readBuf.limit(0);
    }

    /** Moves to {@code position}, forgetting the read-ahead; the write buffer must be empty. */
    void moveTo(long position) {
        readBuf.limit(0);
        filePos = position;
        if (text != null) {
            if (position == 0) {
                text.restart();
            } else {
                text.skipByteOrderMark();
            }
        }
    }

    /** The codec of a text-mode file. */
    TextCodec text() {
        return Objects.requireNonNull(text, "text-mode file");
    }
}
