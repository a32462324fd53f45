package dev.reactio.streams;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Writes to a connection: asyncio's {@code StreamWriter}. {@link #write(byte[])} never waits: it
 * hands the bytes to the connection, which sends them as fast as the peer takes them; call
 * {@link #drain()} after writing to wait while too much is still unsent.
 *
 * <pre>{@code
 * writer.write("hello\n".getBytes(UTF_8));
 * return writer.drain();
 * }</pre>
 *
 * <ul>
 * <li><b>Flow control:</b> {@link #drain()} waits while more than the high-water mark (default
 *     64 KiB; {@link ServerOptions#withHighWater(int)}) is unsent, and resumes when less than a
 *     quarter of it is left, as asyncio does.</li>
 * <li><b>Closing:</b> {@link #close()} is graceful: everything written before it is sent, then
 *     the connection closes. {@link #writeEof()} half-closes (sends FIN, keeps reading).</li>
 * <li><b>Thread safety:</b> this class is threadsafe; writes from one thread are sent in order.
 *     {@code write} copies the array, so the caller may reuse it at once.</li>
 * </ul>
 */
public final class StreamWriter {

    /** asyncio's default high-water mark: 64 KiB. */
    static final int DEFAULT_HIGH_WATER = 64 * 1024;

    private final Channel channel;
    private final Mono<Void> drain = Mono.defer(this::drainNow);
    private final Mono<Void> closed;
    /** Guards {@link #drainers}; private, so that no user code can hold it. */
    private final Object lock = new Object();
    /** {@code drain()} callers waiting for the channel to become writable; guarded by {@link #lock}. */
    private final List<MonoSink<Void>> drainers = new ArrayList<>(1);

    private volatile boolean closing;
    private volatile boolean eofWritten;
    private volatile @Nullable Throwable lost;

    StreamWriter(Channel channel) {
        this.channel = channel;
        this.closed = Mono.<Void>create(sink -> channel.closeFuture().addListener(f -> sink.success()))
                .cache();
    }

    /**
     * Sends {@code data}: {@code writer.write(data)}. Does not wait; see {@link #drain()}.
     *
     * @param data the bytes (copied)
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void write(byte[] data) {
        Objects.requireNonNull(data, "data");
        checkOpen();
        if (data.length == 0) {
            return;
        }
        // No promise per write: a failed write reaches connectionLost through the pipeline
        // (ConnectionBridge's exceptionCaught and channelInactive), as every other connection error does.
        channel.writeAndFlush(copy(data), channel.voidPromise());
    }

    /**
     * Sends each array in order, then flushes once: {@code writer.writelines(lines)}.
     *
     * @param lines the byte arrays (copied)
     * @throws IllegalStateException after {@link #writeEof()} or {@link #close()}
     */
    public void writelines(List<byte[]> lines) {
        Objects.requireNonNull(lines, "lines");
        checkOpen();
        for (byte[] line : lines) {
            Objects.requireNonNull(line, "lines contains null");
            if (line.length > 0) {
                channel.write(copy(line), channel.voidPromise());
            }
        }
        channel.flush();
    }

    /**
     * Waits until the unsent bytes are below the low-water mark if they exceed the high-water
     * mark: {@code await writer.drain()}.
     *
     * @return a cold {@code Mono} that completes at once when little is unsent, otherwise when
     *     the peer has taken enough; it fails with {@link SocketException} if the connection is
     *     lost, whatever the transport reported (the original error, such as Netty's
     *     {@code NativeIoException} or the idle timeout's {@code TimeoutException}, is its cause)
     */
    public Mono<Void> drain() {
        return drain;
    }

    /**
     * Whether {@link #writeEof()} is possible: {@code writer.can_write_eof()}.
     *
     * @return {@code true} for plain TCP, {@code false} for TLS (as in asyncio)
     */
    public boolean canWriteEof() {
        return channel instanceof DuplexChannel && channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Half-closes: sends everything written so far, then FIN; reading goes on:
     * {@code writer.write_eof()}. Later writes fail.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is {@code false}
     */
    public void writeEof() {
        if (!canWriteEof()) {
            throw new UnsupportedOperationException(
                    "writeEof() is not supported on this connection (TLS cannot half-close)");
        }
        if (eofWritten || closing) {
            return;
        }
        eofWritten = true;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (channel.isActive()) {
                ((DuplexChannel) channel).shutdownOutput();
            }
        });
    }

    /**
     * Closes the connection once everything written so far is sent: {@code writer.close()}.
     * Idempotent.
     */
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Waits until the connection is closed: {@code await writer.wait_closed()}.
     *
     * @return a {@code Mono} that completes once the connection is closed
     */
    public Mono<Void> waitClosed() {
        return closed;
    }

    /**
     * Whether the connection is closed or closing: {@code writer.is_closing()}.
     *
     * @return {@code true} after {@link #close()} or once the connection is gone
     */
    public boolean isClosing() {
        return closing || !channel.isActive();
    }

    /**
     * Information about the connection: {@code writer.get_extra_info(name)}.
     *
     * @param name {@code "peername"} or {@code "sockname"} (an {@code InetSocketAddress}),
     *     {@code "socket"} (the Netty {@code Channel}), {@code "ssl_object"} (the
     *     {@code javax.net.ssl.SSLEngine}, TLS only)
     * @return the value, or {@code null} if unknown or not applicable
     */
    public @Nullable Object getExtraInfo(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name) {
            case "peername" -> channel.remoteAddress();
            case "sockname" -> channel.localAddress();
            case "socket" -> channel;
            case "ssl_object" -> {
                SslHandler ssl = channel.pipeline().get(SslHandler.class);
                yield ssl == null ? null : ssl.engine();
            }
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "StreamWriter[" + channel.remoteAddress() + (isClosing() ? ", closing" : "") + "]";
    }

    // ------------------------------------------------------------------ connection events

    /** Closes at once, dropping unsent bytes (asyncio's {@code transport.abort()}). */
    void abort() {
        closing = true;
        channel.close();
    }

    /** Netty says the channel's writability changed. */
    void writabilityChanged() {
        if (channel.isWritable()) {
            wakeDrainers(null);
        }
    }

    /** The connection is gone (closed, reset, idle too long or a write failed). */
    void connectionLost(@Nullable Throwable cause) {
        if (lost == null) {
            // drain() documents SocketException: whatever ended the connection becomes its cause.
            lost = cause == null
                    ? new SocketException("Connection lost")
                    : cause instanceof SocketException
                            ? cause
                            : ConnectionBridge.socketException("Connection lost: " + cause, cause);
        }
        wakeDrainers(lost);
    }

    private Mono<Void> drainNow() {
        Throwable error = lost;
        if (error != null || !channel.isActive()) {
            return Mono.error(error != null ? error : new SocketException("Connection lost"));
        }
        if (channel.isWritable()) {
            return Mono.empty();
        }
        return Mono.create(sink -> {
            synchronized (lock) {
                drainers.add(sink);
            }
            sink.onCancel(() -> {
                synchronized (lock) {
                    drainers.remove(sink);
                }
            });
            // Re-check after registering: the channel may have drained or closed meanwhile.
            if (lost != null || !channel.isActive()) {
                connectionLost(lost);
            } else if (channel.isWritable()) {
                wakeDrainers(null);
            }
        });
    }

    private void wakeDrainers(@Nullable Throwable error) {
        List<MonoSink<Void>> woken;
        synchronized (lock) {
            if (drainers.isEmpty()) {
                return;
            }
            woken = new ArrayList<>(drainers);
            drainers.clear();
        }
        for (MonoSink<Void> sink : woken) {
            if (error != null) {
                sink.error(error);
            } else {
                sink.success();
            }
        }
    }

    private void checkOpen() {
        if (eofWritten) {
            throw new IllegalStateException("Cannot call write() after writeEof()");
        }
        if (closing) {
            throw new IllegalStateException("Cannot call write() after close()");
        }
    }

    private ByteBuf copy(byte[] data) {
        return channel.alloc().ioBuffer(data.length).writeBytes(data);
    }
}
