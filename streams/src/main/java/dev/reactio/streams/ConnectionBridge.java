package dev.reactio.streams;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.publisher.BaseSubscriber;
import reactor.netty.Connection;

/**
 * The bridge between a reactor-netty {@link Connection} and asyncio's streams, as reactor-netty's
 * {@code ChannelOperations} bridges a channel and its inbound and outbound: {@link #attach} gives
 * the connection a {@link StreamReader} and a {@link StreamWriter}. Inbound bytes flow through
 * {@code receive()} (whose demand drives reactor-netty's auto-read, hence the reader's flow
 * control), and a small handler reports what reactor-netty does not surface: half-close (FIN
 * with {@code ALLOW_HALF_CLOSURE}), writability, socket errors, the idle timeout and the end of
 * the connection.
 * <p>Socket errors reach the reader and the writer as {@link SocketException}, whatever the
 * transport: epoll reports a reset as Netty's {@code NativeIoException} and NIO a broken pipe as a
 * plain {@link IOException}, neither of which is one. The original stays as the cause.
 */
final class ConnectionBridge {

    private static final String EVENTS = "reactio.streams.events";
    private static final String IDLE = "reactio.streams.idle";

    private ConnectionBridge() {}

    /**
     * Builds the reader and writer of {@code connection} and starts reading.
     *
     * @param idleTimeout {@link Duration#ZERO} for none
     */
    static StreamConnection attach(Connection connection, int limit, Duration idleTimeout) {
        StreamReader reader = new StreamReader(limit);
        StreamWriter writer = new StreamWriter(connection.channel());
        if (!idleTimeout.isZero()) {
            // observeOutput: a write the peer is slowly taking counts as activity; one it takes
            // nothing of does not. First (after TLS, if any), so that it sees every byte.
            connection.addHandlerFirst(
                    IDLE, new IdleStateHandler(true, 0, 0, saturatedNanos(idleTimeout), TimeUnit.NANOSECONDS));
        }
        connection.addHandlerLast(EVENTS, new Events(reader, writer, idleTimeout));
        Pump pump = new Pump(reader);
        connection.inbound().receive().subscribe(pump);
        reader.attach(pump);
        if (!connection.channel().isActive()) {
            // Closed before the handler was in place: it will never see channelInactive.
            reader.feedEof();
            writer.connectionLost(null);
        }
        return new StreamConnection(reader, writer);
    }

    /** Pulls one chunk at a time from {@code receive()}, copying it into the reader. */
    private static final class Pump extends BaseSubscriber<ByteBuf> implements StreamReader.Source {
        private final StreamReader reader;

        Pump(StreamReader reader) {
            this.reader = reader;
        }

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // demand comes from the reader (request())
        }

        @Override
        protected void hookOnNext(ByteBuf data) {
            reader.feed(data); // copies; reactor-netty releases the buffer after onNext
        }

        @Override
        protected void hookOnComplete() {
            reader.feedEof();
        }

        @Override
        protected void hookOnError(Throwable error) {
            reader.feedError(asSocketException(error));
        }

        @Override
        public void request() {
            request(1);
        }
    }

    /**
     * Whether {@code error}, which ended a server's client handler, is the peer's doing rather
     * than a bug in the handler: the connection failed (reset, broken pipe, idle timeout, a TLS
     * error), or the peer sent too little ({@link IncompleteReadException}) or too long a line
     * ({@link LimitOverrunException}). A peer can cause these at will, on every connection.
     */
    static boolean causedByPeer(Throwable error, StreamReader reader) {
        return error instanceof SocketException
                || error instanceof IncompleteReadException
                || error instanceof LimitOverrunException
                || error == reader.failure();
    }

    /**
     * {@code error} as the {@link SocketException} the API documents, if it is a socket error
     * (an {@link IOException} other than a TLS one); anything else unchanged.
     */
    static Throwable asSocketException(Throwable error) {
        if (fromSocket(error) && !(error instanceof SocketException)) {
            String message = error.getMessage();
            return socketException(
                    message != null
                            ? message
                            : "Connection lost: " + error.getClass().getName(),
                    error);
        }
        return error;
    }

    /** An error of the socket itself; a TLS error is an IOException too, but keeps its own type. */
    private static boolean fromSocket(Throwable error) {
        return error instanceof IOException && !(error instanceof SSLException);
    }

    /** A {@link SocketException} with a cause (Java 17 has no such constructor). */
    static SocketException socketException(String message, Throwable cause) {
        SocketException e = new SocketException(message);
        e.initCause(cause);
        return e;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE; // some 292 years: no timeout, in practice
        }
    }

    /** The connection events reactor-netty does not pass on. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        private final StreamReader reader;
        private final StreamWriter writer;
        private final Duration idleTimeout;

        Events(StreamReader reader, StreamWriter writer, Duration idleTimeout) {
            this.reader = reader;
            this.writer = writer;
            this.idleTimeout = idleTimeout;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                // Only ALL_IDLE is configured. Reads fail with the TimeoutException itself; drain()
                // keeps its documented SocketException, caused by it.
                TimeoutException timeout =
                        new TimeoutException("Connection closed: no bytes read or written within the idleTimeout of "
                                + idleTimeout.toMillis() + "ms");
                lost(ctx, timeout, socketException(timeout.getMessage(), timeout));
                return; // ours: reactor-netty has no idle handling of its own here
            }
            if (evt instanceof ChannelInputShutdownEvent) {
                reader.feedEof(); // the peer half-closed: EOF for reading, writing goes on
            }
            super.userEventTriggered(ctx, evt);
        }

        /**
         * The writer first: a handler may react to the failed read by calling drain(), which
         * must fail too. The channel last: closing fires channelInactive at once, whose EOF would
         * answer the read before the error.
         */
        private void lost(ChannelHandlerContext ctx, Throwable readError, SocketException writeError) {
            writer.connectionLost(writeError);
            reader.feedError(readError);
            ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            writer.writabilityChanged();
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (fromSocket(cause)) {
                SocketException error = (SocketException) asSocketException(cause);
                // A socket error (a read, or a write: writes use the channel's void promise). It
                // ends the connection and is handled here: reads and drain() fail with it, and
                // reactor-netty does not see it, so it logs nothing for it (it logs one that
                // arrives after the inbound ended at WARN, unless the message says "Connection
                // reset by peer" or "Broken pipe"). With ALLOW_HALF_CLOSURE, Netty only shuts the
                // input down after a failed read: close.
                lost(ctx, error, error);
                return;
            }
            writer.connectionLost(cause);
            super.exceptionCaught(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            reader.feedEof();
            writer.connectionLost(null);
            super.channelInactive(ctx);
        }
    }
}
