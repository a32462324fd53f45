package dev.reactio.streams;

import dev.reactio.Aio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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

    /** Test hook: every file whose channel is open, to check that nothing leaks. */
    static final Set<ChannelFile> OPEN = ConcurrentHashMap.newKeySet();

    final Path path;
    final OpenMode mode;
    final AsynchronousFileChannel channel;
    final int bufferSize;
    final int ioSize;
    /** Null in binary mode. */
    private final @Nullable CharsetDecoder decoder;
    private final @Nullable CharsetEncoder encoder;
    /** Whether '\n' and '\r' are the single bytes 10 and 13 that never occur inside a character. */
    final boolean byteLines;

    // Only the operation holding the file touches these (see FileOp); allocated on first use.
    /** Read mode: position to limit is what was read ahead and not consumed yet. */
    ByteBuffer readBuf = ByteBuffer.allocate(0);
    /** Write mode: position is the number of bytes waiting to be written. */
    ByteBuffer writeBuf = ByteBuffer.allocate(0);
    private @Nullable CharBuffer chars;
    long filePos;

    // Guarded by this.
    private @Nullable FileOp<?> holder;
    private boolean holderCancelled;
    private @Nullable FileOp<?> next;
    /** Set once aclose() was first subscribed; completes when the channel is closed. */
    private @Nullable CompletableFuture<Void> closed;

    private ChannelFile(Path path, OpenMode mode, AsynchronousFileChannel channel, @Nullable Charset charset,
            int bufferSize, long position) {
        this.path = path;
        this.mode = mode;
        this.channel = channel;
        this.bufferSize = bufferSize;
        this.ioSize = Math.max(bufferSize, MIN_IO_SIZE);
        this.filePos = position;
        if (charset == null) {
            decoder = null;
            encoder = null;
            byteLines = false;
        } else {
            decoder = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            encoder = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            byteLines = isByte(charset, "\n", 10) && isByte(charset, "\r", 13);
            if (position > 0) {
                skipByteOrderMark();
            }
        }
    }

    /**
     * Opens the channel; blocking, so it runs on a worker thread.
     *
     * @param charset the text charset, {@code null} in binary mode
     */
    static ChannelFile open(Path path, OpenMode mode, @Nullable Charset charset, int bufferSize) throws IOException {
        return on(path, mode, AsynchronousFileChannel.open(path, mode.options().toArray(new OpenOption[0])),
                charset, bufferSize);
    }

    /** A file on an open channel, which it closes if it fails; tests give it a gated channel. */
    static ChannelFile on(Path path, OpenMode mode, AsynchronousFileChannel channel, @Nullable Charset charset,
            int bufferSize) throws IOException {
        try {
            ChannelFile file = new ChannelFile(path, mode, channel, charset, bufferSize,
                    mode.append() ? channel.size() : 0);
            OPEN.add(file);
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /*
     * Charsets such as Shift_JIS or GB18030 never use bytes below 0x40 inside a character, and
     * UTF-8 none below 0x80, so a line end can be found in the bytes before decoding. UTF-16
     * and UTF-32 encode '\n' in several bytes and take the one-character-at-a-time path.
     */
    private static boolean isByte(Charset charset, String s, int b) {
        try {
            ByteBuffer encoded = charset.newEncoder().encode(CharBuffer.wrap(s));
            return encoded.remaining() == 1 && encoded.get(0) == b;
        } catch (CharacterCodingException | UnsupportedOperationException e) {
            return false;
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
        synchronized (this) {
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
            CompletableFuture<Void> done;
            boolean now;
            synchronized (this) {
                now = closed == null && holder == null;
                if (closed == null) {
                    closed = new CompletableFuture<>();
                }
                done = closed;
            }
            if (now) {
                startClose();
            }
            // Shared by every aclose(): cancelling one subscriber must not cancel the close.
            return Mono.fromFuture(done, true);
        });
    }

    @Override
    public String toString() {
        return "AsyncFile[" + path + ", mode '" + mode.text() + "']";
    }

    // -------------------------------------------------------------------------------------
    // Holding the file

    private enum Need { NOTHING, TEXT_READ, BYTES_READ, TEXT_WRITE, BYTES_WRITE }

    private <T> Mono<T> op(String name, Need need,
            BiFunction<CoreSubscriber<? super T>, ChannelFile, FileOp<T>> factory) {
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
        synchronized (this) {
            if (closed != null) {
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
        synchronized (this) {
            if (holder != op) {
                return; // the close sequence's own flush: the file is already closing
            }
            handOver = next;
            next = null;
            holder = handOver;
            holderCancelled = false;
            close = handOver == null && closed != null;
        }
        if (handOver != null) {
            handOver.drive();
        } else if (close) {
            startClose();
        }
    }

    /** The holder was cancelled: it is only waiting for its last I/O now. */
    void cancelled(FileOp<?> op) {
        synchronized (this) {
            if (holder == op) {
                holderCancelled = true;
            }
        }
    }

    private void checkOpen(String name) {
        if (closed != null) {
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
        CompletableFuture<Void> done;
        synchronized (this) {
            done = Objects.requireNonNull(closed);
        }
        Schedulers.boundedElastic().schedule(() -> {
            Throwable error = flushError;
            try {
                channel.close();
            } catch (IOException e) {
                if (error == null) {
                    error = e;
                } else {
                    error.addSuppressed(e);
                }
            } finally {
                OPEN.remove(this);
            }
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
    }

    /** Test hook: whether {@code aclose()} was subscribed. */
    synchronized boolean closeRequested() {
        return closed != null;
    }

    /** Test hook: completes when the channel is closed; call after {@link #closeRequested()}. */
    synchronized CompletableFuture<Void> whenClosed() {
        return Objects.requireNonNull(closed, "aclose() was not called");
    }

    // -------------------------------------------------------------------------------------
    // Buffers and codecs; only the holder calls these

    long position() {
        return filePos - readBuf.remaining() + writeBuf.position();
    }

    ByteBuffer readBuffer() {
        if (readBuf.capacity() == 0) {
            readBuf = ByteBuffer.allocate(bufferSize + CARRY_OVER).limit(0);
        }
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
        if (decoder != null && encoder != null) {
            if (position == 0) {
                decoder.reset(); // a byte order mark is read and written again, as in Python
                encoder.reset();
            } else {
                skipByteOrderMark();
            }
        }
    }

    /*
     * UTF-16's encoder starts every text with a byte order mark, which does not belong in the
     * middle of a file (Python skips it there too). Encoding a character into a scratch buffer
     * moves the encoder past it; encoders without one are not changed by an ASCII letter.
     */
    private void skipByteOrderMark() {
        CharsetEncoder enc = Objects.requireNonNull(encoder);
        enc.reset();
        enc.encode(CharBuffer.wrap("a"), ByteBuffer.allocate(16), false);
    }

    /** Decodes what it can of {@code in}, leaving the bytes of an incomplete character. */
    void decode(ByteBuffer in, StringBuilder out) throws CharacterCodingException {
        CharsetDecoder dec = Objects.requireNonNull(decoder);
        CharBuffer cb = chars();
        while (true) {
            cb.clear();
            CoderResult r = dec.decode(in, cb, false);
            cb.flip();
            out.append(cb);
            if (r.isError()) {
                r.throwException();
            }
            if (r.isUnderflow()) {
                return;
            }
        }
    }

    /** Decodes one character (two for a surrogate pair) of {@code in}; returns it, or -1 if incomplete. */
    int decodeOne(ByteBuffer in, StringBuilder out) throws CharacterCodingException {
        CharsetDecoder dec = Objects.requireNonNull(decoder);
        CharBuffer cb = chars();
        cb.clear().limit(1);
        CoderResult r = dec.decode(in, cb, false);
        if (r.isOverflow() && cb.position() == 0) {
            cb.limit(2);
            r = dec.decode(in, cb, false);
        }
        if (r.isError()) {
            r.throwException();
        }
        cb.flip();
        if (!cb.hasRemaining()) {
            return -1;
        }
        out.append(cb);
        return cb.get(0);
    }

    /** Encodes {@code s} whole; fails, writing nothing, if it cannot be encoded. */
    ByteBuffer encode(String s) throws CharacterCodingException {
        CharsetEncoder enc = Objects.requireNonNull(encoder);
        CharBuffer in = CharBuffer.wrap(s);
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, 16 + (long) (s.length() * enc.averageBytesPerChar())));
        while (true) {
            // Not endOfInput: encode(CharBuffer) would reset the encoder and repeat UTF-16's byte order mark.
            CoderResult r = enc.encode(in, out, false);
            if (r.isOverflow()) {
                ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16, 2L * out.capacity()));
                out.flip();
                out = bigger.put(out);
            } else if (r.isError()) {
                r.throwException();
            } else {
                break;
            }
        }
        if (in.hasRemaining()) {
            throw new MalformedInputException(in.remaining()); // a high surrogate without its low half
        }
        return out.flip();
    }

    private CharBuffer chars() {
        CharBuffer cb = chars;
        if (cb == null) {
            cb = CharBuffer.allocate(Math.max(64, Math.min(bufferSize, DEFAULT_BUFFER_SIZE)));
            chars = cb;
        }
        return cb;
    }
}
