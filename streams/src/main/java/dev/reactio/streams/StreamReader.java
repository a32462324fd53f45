package dev.reactio.streams;

import dev.reactio.internal.Assembly;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Reads from a connection: asyncio's {@code StreamReader}. Bytes the peer sends are buffered;
 * each read takes from the buffer, waiting for more when it has to.
 *
 * <pre>{@code
 * Mono<Void> handle(StreamReader reader, StreamWriter writer) {
 *     return reader.readline().flatMap(line -> {
 *         writer.write(line);
 *         return writer.drain();
 *     });
 * }
 * }</pre>
 *
 * <ul>
 * <li><b>One read at a time:</b> as in asyncio, a read issued while another is waiting for data
 *     fails with {@link IllegalStateException}. Reads that can be answered from the buffer
 *     complete on the subscribing thread; waiting ones complete on the connection's event loop.</li>
 * <li><b>Flow control:</b> the reader stops reading from the socket while its buffer holds more
 *     than the limit (default 64 KiB; {@link ServerOptions#withLimit(int)}), so a slow handler never
 *     makes the process buffer a fast peer's whole stream; it resumes once reads bring the buffer
 *     back to the limit, or as soon as a read has to wait for data.</li>
 * <li><b>Cancellation:</b> cancelling a waiting read leaves the buffer as it was: nothing is
 *     consumed by a read that did not complete.</li>
 * <li><b>Thread safety:</b> this class is threadsafe; reads may be issued from any thread.</li>
 * <li><b>Memory:</b> data is copied out of Netty's buffers as it arrives, so a reader never
 *     holds a {@code ByteBuf}.</li>
 * </ul>
 */
public final class StreamReader {

    /** asyncio's {@code _DEFAULT_LIMIT}: 64 KiB. */
    static final int DEFAULT_LIMIT = 64 * 1024;
    /** The largest byte array the JVMs allocate reliably ({@code jdk.internal.util.ArraysSupport.SOFT_MAX_ARRAY_LENGTH}). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    /** Where bytes come from: one {@code request()} asks for one more chunk. */
    interface Source {
        void request();
    }

    private final int limit;
    /** The most bytes the buffer may hold: {@link #MAX_ARRAY}, less in tests. */
    private final int maxBuffer;

    private @Nullable Source source;
    /** Guards the buffer and the read state; private, so that no user code can hold it. */
    private final Object lock = new Object();
    /** Buffered bytes are {@code buf[head, tail)}. Guarded by {@link #lock}. */
    private byte[] buf = EMPTY;

    private int head;
    private int tail;
    private boolean eof;
    private @Nullable Throwable error;
    /** The read waiting for data, if any. Guarded by {@link #lock}. */
    private @Nullable Pending pending;
    /** A chunk was requested from the source and has not arrived yet. Guarded by {@link #lock}. */
    private boolean requested;

    StreamReader(int limit) {
        this(limit, MAX_ARRAY);
    }

    /** A reader whose buffer holds at most {@code maxBuffer} bytes (tests). */
    StreamReader(int limit, int maxBuffer) {
        this.limit = limit;
        this.maxBuffer = maxBuffer;
    }

    /** Connects the byte source and asks it for the first chunk. */
    void attach(Source source) {
        synchronized (lock) {
            this.source = source;
        }
        requestIfWanted();
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads up to {@code n} bytes: {@code await reader.read(n)}. With {@code n < 0} reads until
     * EOF and returns everything.
     * <p>Waits only while the buffer is empty and EOF has not been seen.
     * <p>{@code read(-1)} is not bounded by the limit, as in asyncio: it buffers all the peer
     * sends until EOF, so a peer that never stops sending makes it use as much memory as the
     * process has. From a peer you do not trust, read in parts ({@code read(n)} or
     * {@link #chunks()}) or bound the total yourself. Past the largest byte array
     * (2,147,483,639 bytes) the read errors with {@link IllegalStateException} instead of
     * buffering more.
     *
     * @param n the most bytes to return; negative for "all until EOF"
     * @return a cold {@code Mono} with the bytes; an empty array at EOF (or when {@code n == 0})
     */
    public Mono<byte[]> read(int n) {
        if (n == 0) {
            return Mono.just(EMPTY);
        }
        return Assembly.MONO.apply(new Read(this, n < 0 ? Kind.ALL : Kind.SOME, n, EMPTY));
    }

    /**
     * Reads exactly {@code n} bytes: {@code await reader.readexactly(n)}.
     * <p>As in asyncio, {@code n} is not bounded by the limit: the reader keeps reading from the
     * socket until {@code n} bytes are buffered. Memory is taken as the bytes arrive, never
     * {@code n} bytes up front, so a peer that announces a large size and sends little costs
     * little; but a large {@code n} read from a peer you do not trust lets it make the process
     * buffer that much.
     *
     * @param n how many bytes, 0 to 2,147,483,639 (the largest byte array)
     * @return a cold {@code Mono} with exactly {@code n} bytes; fails with
     *     {@link IncompleteReadException} (holding what was read) if EOF comes first
     * @throws IllegalArgumentException if {@code n} is negative or larger than the largest byte array
     */
    public Mono<byte[]> readexactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("readexactly n can not be less than zero, but was " + n);
        }
        if (n > MAX_ARRAY) {
            throw new IllegalArgumentException(
                    "readexactly n must be at most " + MAX_ARRAY + " (the largest byte array), but was " + n
                            + "; read a stream this long in parts, with read(n) or chunks()");
        }
        if (n == 0) {
            return Mono.just(EMPTY);
        }
        return Assembly.MONO.apply(new Read(this, Kind.EXACTLY, n, EMPTY));
    }

    /**
     * Reads through the next {@code separator}: {@code await reader.readuntil(separator)}.
     *
     * @param separator the bytes to look for, not empty
     * @return a cold {@code Mono} with the data including the separator. Fails with
     *     {@link LimitOverrunException} if more than the limit is buffered before a separator
     *     (the data stays in the buffer), and with {@link IncompleteReadException} (expected
     *     {@code -1}, holding all that was left) at EOF without a separator
     * @throws IllegalArgumentException if {@code separator} is empty
     */
    public Mono<byte[]> readuntil(byte[] separator) {
        Objects.requireNonNull(separator, "separator");
        if (separator.length == 0) {
            throw new IllegalArgumentException("separator should be at least one-byte string");
        }
        return Assembly.MONO.apply(new Read(this, Kind.UNTIL, 0, separator.clone()));
    }

    /**
     * Reads one line: {@code await reader.readline()}.
     *
     * @return a cold {@code Mono} with the line including its {@code \n}, or what was left without
     *     one at EOF, or an empty array at EOF. A line longer than the limit fails with
     *     {@link LimitOverrunException}, and that line is discarded, as in asyncio
     */
    public Mono<byte[]> readline() {
        return Assembly.MONO.apply(new Read(this, Kind.LINE, 0, NEWLINE));
    }

    /**
     * Tells whether the buffer is empty and EOF was seen: {@code reader.at_eof()}.
     *
     * @return {@code true} once everything the peer sent has been read
     */
    public boolean atEof() {
        synchronized (lock) {
            return eof && head == tail;
        }
    }

    /**
     * The stream as chunks of at most the limit, until EOF: asyncio's {@code async for chunk in
     * reader} over {@code read(limit)}.
     *
     * @return a cold {@code Flux} that reads one chunk per request and completes at EOF
     */
    public Flux<byte[]> chunks() {
        return Mono.defer(() -> read(limit)).repeat().takeWhile(chunk -> chunk.length > 0);
    }

    /** The error the connection failed with (reads fail with it), or {@code null}. */
    @Nullable
    Throwable failure() {
        synchronized (lock) {
            return error;
        }
    }

    /** Bytes buffered now (tests and flow-control checks). */
    int buffered() {
        synchronized (lock) {
            return tail - head;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "StreamReader[buffered=" + (tail - head) + ", limit=" + limit + (eof ? ", eof" : "")
                    + (error != null ? ", error=" + error : "") + (pending != null ? ", waiting" : "") + "]";
        }
    }

    // ------------------------------------------------------------------ feeding (event loop)

    /** New bytes from the socket; copies them (the caller keeps ownership of {@code data}). */
    void feed(ByteBuf data) {
        @Nullable Pending answered;
        synchronized (lock) {
            requested = false;
            int n = data.readableBytes();
            Pending p = pending;
            if (n > 0
                    && !eof
                    && head == tail
                    && error == null
                    && p != null
                    && (p.kind == Kind.SOME && n <= p.n || p.kind == Kind.EXACTLY && n == p.n)) {
                // A read waits on an empty buffer and takes the whole chunk: copy it once,
                // straight into the result, instead of into the buffer and out again.
                byte[] chunk = new byte[n];
                data.getBytes(data.readerIndex(), chunk);
                pending = null;
                answered = p.answer(chunk);
            } else {
                if (n > 0 && !eof && error == null) {
                    if (ensureRoom(n)) {
                        data.getBytes(data.readerIndex(), buf, tail, n);
                        tail += n;
                    } else {
                        overflow();
                    }
                }
                answered = tryPending();
            }
        }
        finish(answered);
    }

    /** The peer will send nothing more. */
    void feedEof() {
        @Nullable Pending answered;
        synchronized (lock) {
            if (eof) {
                return;
            }
            eof = true;
            answered = tryPending();
        }
        finish(answered);
    }

    /** The connection failed; reads fail with {@code error} from now on. */
    void feedError(Throwable cause) {
        @Nullable Pending answered;
        synchronized (lock) {
            if (error != null || eof && head == tail) {
                return;
            }
            error = cause;
            answered = tryPending();
        }
        finish(answered);
    }

    // ------------------------------------------------------------------ internals

    /** What a read does, and the public method that asked for it (for messages). */
    private enum Kind {
        SOME("read()"),
        ALL("read()"),
        EXACTLY("readexactly()"),
        UNTIL("readuntil()"),
        LINE("readline()");

        final String method;

        Kind(String method) {
            this.method = method;
        }
    }

    /**
     * One read: its own {@code Mono} (no {@code Mono.create}, no sink, no cancel callback
     * object), subscribed once per read. The public methods return it through
     * {@link Assembly#MONO}, so that the assembly hooks (debug mode) see it and its trace names
     * the method called.
     */
    private static final class Read extends Mono<byte[]> {
        private final StreamReader reader;
        private final Kind kind;
        private final int n;
        private final byte[] separator;

        private Read(StreamReader reader, Kind kind, int n, byte[] separator) {
            this.reader = reader;
            this.kind = kind;
            this.n = n;
            this.separator = separator;
        }

        @Override
        public void subscribe(CoreSubscriber<? super byte[]> actual) {
            Pending p = new Pending(reader, kind, n, separator, actual);
            actual.onSubscribe(p);
            reader.start(p);
        }
    }

    /**
     * One subscribed read, waiting for data or answered. Reactor's {@code MonoSubscriber} keeps
     * the value until it is requested and drops it once cancelled; the answer is set under the
     * reader's lock and signalled outside it.
     */
    private static final class Pending extends Operators.MonoSubscriber<byte[], byte[]> {
        final StreamReader reader;
        final Kind kind;
        final int n;
        final byte[] separator;
        byte @Nullable [] result;

        @Nullable
        Throwable failure;

        Pending(StreamReader reader, Kind kind, int n, byte[] separator, CoreSubscriber<? super byte[]> actual) {
            super(actual);
            this.reader = reader;
            this.kind = kind;
            this.n = n;
            this.separator = separator;
        }

        Pending answer(byte[] value) {
            result = value;
            return this;
        }

        Pending fail(Throwable error) {
            failure = error;
            return this;
        }

        @Override
        public void cancel() {
            super.cancel();
            reader.cancel(this);
        }
    }

    /** Registers a subscribed read and answers it at once if the buffer allows. */
    private void start(Pending p) {
        @Nullable Pending answered;
        synchronized (lock) {
            if (p.isCancelled()) {
                return;
            }
            Pending waiting = pending;
            if (waiting != null) {
                answered = p.fail(new IllegalStateException(p.kind.method + " called while " + waiting.kind.method
                        + " is still waiting for incoming data; a StreamReader serves one read at a time: "
                        + "wait for it to complete (or cancel it) before reading again"));
            } else {
                pending = p;
                answered = tryPending();
            }
        }
        finish(answered);
    }

    private void cancel(Pending p) {
        synchronized (lock) {
            if (pending == p) {
                pending = null;
            }
        }
    }

    /** Guarded. Answers the pending read if the buffer allows; clears it if answered. */
    private @Nullable Pending tryPending() {
        Pending p = pending;
        if (p == null) {
            return null;
        }
        Pending d = attempt(p);
        if (d != null) {
            pending = null;
        }
        return d;
    }

    /** Guarded. {@code p} with its answer, or {@code null} if it must wait. */
    private @Nullable Pending attempt(Pending p) {
        if (error != null) {
            return p.fail(error);
        }
        int size = tail - head;
        switch (p.kind) {
            case SOME -> {
                if (size == 0 && !eof) {
                    return null;
                }
                return p.answer(take(Math.min(p.n, size)));
            }
            case ALL -> {
                return eof ? p.answer(take(size)) : null;
            }
            case EXACTLY -> {
                if (size >= p.n) {
                    return p.answer(take(p.n));
                }
                return eof ? p.fail(new IncompleteReadException(take(size), p.n)) : null;
            }
            default -> {
                return attemptUntil(p, size);
            }
        }
    }

    /** Guarded. asyncio's {@code readuntil} (and {@code readline}) over the current buffer. */
    private @Nullable Pending attemptUntil(Pending p, int size) {
        byte[] sep = p.separator;
        int found = indexOf(sep);
        if (found < 0) {
            int consumed = size + 1 - sep.length;
            if (consumed > limit) {
                return overrun(p, "Separator is not found, and chunk exceed the limit", consumed);
            }
            if (!eof) {
                return null;
            }
            byte[] rest = take(size);
            return p.kind == Kind.LINE ? p.answer(rest) : p.fail(new IncompleteReadException(rest, -1));
        }
        if (found > limit) {
            return overrun(p, "Separator is found, but chunk is longer than limit", found);
        }
        return p.answer(take(found + sep.length));
    }

    /** Guarded. A {@code readuntil} overrun keeps the data; a {@code readline} one drops the line. */
    private Pending overrun(Pending p, String message, int consumed) {
        if (p.kind == Kind.LINE) {
            if (startsWith(p.separator, head + consumed)) {
                head += consumed + p.separator.length;
            } else {
                head = tail;
            }
            compactIfEmpty();
        }
        return p.fail(new LimitOverrunException(message, consumed));
    }

    /** Outside the lock: signal the read, then ask the socket for more if wanted. */
    private void finish(@Nullable Pending answered) {
        if (answered != null) {
            Throwable e = answered.failure;
            if (e != null) {
                if (!answered.isCancelled()) {
                    answered.onError(e);
                }
            } else {
                answered.complete(answered.result);
            }
        }
        requestIfWanted();
    }

    private void requestIfWanted() {
        Source s;
        synchronized (lock) {
            s = source;
            if (s == null || requested || eof || error != null || (tail - head > limit && pending == null)) {
                return;
            }
            requested = true;
        }
        s.request();
    }

    /** Guarded. Removes and returns the first {@code n} buffered bytes. */
    private byte[] take(int n) {
        if (n == 0) {
            return EMPTY;
        }
        byte[] out = Arrays.copyOfRange(buf, head, head + n);
        head += n;
        compactIfEmpty();
        return out;
    }

    private void compactIfEmpty() {
        if (head == tail) {
            head = 0;
            tail = 0;
            if (buf.length > 4 * limit) {
                buf = EMPTY; // do not keep a burst's worth of memory per idle connection
            }
        }
    }

    /** Guarded. Makes room for {@code n} more bytes after {@code tail}; {@code false} if no array can hold them. */
    private boolean ensureRoom(int n) {
        if (buf.length - tail >= n) {
            return true;
        }
        int size = tail - head;
        if (buf.length - size >= n) {
            System.arraycopy(buf, head, buf, 0, size);
        } else {
            int capacity = grownCapacity(buf.length, size, n, maxBuffer);
            if (capacity < 0) {
                return false;
            }
            byte[] bigger = new byte[capacity];
            System.arraycopy(buf, head, bigger, 0, size);
            buf = bigger;
        }
        head = 0;
        tail = size;
        return true;
    }

    /**
     * The capacity to grow a buffer of {@code capacity} bytes holding {@code size} to, for
     * {@code n} more: doubling (so that a long {@code read(-1)} copies each byte a few times, not
     * once per chunk), at least 1 KiB, at most {@code max}; {@code -1} if {@code size + n}
     * exceeds that.
     */
    static int grownCapacity(int capacity, int size, int n, int max) {
        long needed = (long) size + n;
        if (needed > max) {
            return -1;
        }
        return (int) Math.min(Math.max(Math.max(needed, 2L * capacity), 1024), max);
    }

    /**
     * Guarded. A read wants more than the largest array can hold ({@code read(-1)}, or a huge
     * {@code readexactly}): the reader fails, and drops its buffer rather than keep gigabytes
     * for reads that can only fail.
     */
    private void overflow() {
        error = new IllegalStateException("StreamReader cannot buffer more than " + maxBuffer
                + " bytes" + (maxBuffer == MAX_ARRAY ? " (the largest byte array)" : "")
                + ": read(-1) and readexactly(n) keep everything in one array; "
                + "read a stream this long in parts, with read(n) or chunks()");
        buf = EMPTY;
        head = 0;
        tail = 0;
    }

    private int indexOf(byte[] sep) {
        byte first = sep[0];
        for (int i = head, last = tail - sep.length; i <= last; i++) {
            if (buf[i] == first && startsWith(sep, i)) {
                return i - head;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] sep, int at) {
        if (tail - at < sep.length) {
            return false;
        }
        for (int j = 0; j < sep.length; j++) {
            if (buf[at + j] != sep[j]) {
                return false;
            }
        }
        return true;
    }
}
