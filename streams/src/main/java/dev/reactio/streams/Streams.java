package dev.reactio.streams;

import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.util.Objects;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * asyncio's stream functions: {@code start_server} and {@code open_connection}, on
 * reactor-netty's {@code TcpServer} and {@code TcpClient}.
 *
 * <pre>{@code
 * // the tutorial's echo server
 * Mono<StreamServer> server = Streams.startServer((reader, writer) ->
 *         reader.read(100).flatMap(data -> {
 *             writer.write(data);
 *             return writer.drain();
 *         }).then(Mono.fromRunnable(writer::close)),
 *     "127.0.0.1", 8888);
 *
 * Mono<byte[]> reply = Streams.openConnection("127.0.0.1", 8888).flatMap(c -> {
 *     c.writer().write("Hello".getBytes(UTF_8));
 *     return c.reader().read(100).doFinally(s -> c.writer().close());
 * });
 * }</pre>
 */
public final class Streams {

    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    private Streams() {}

    /**
     * Starts a TCP server with default options: {@code await asyncio.start_server(handler, host, port)}.
     *
     * @param handler run for every accepted connection
     * @param host the address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}
     * @param port the port; 0 picks a free one ({@link StreamServer#port()} tells which)
     * @return a cold {@code Mono} that binds when subscribed and emits the listening server
     */
    public static Mono<StreamServer> startServer(ClientHandler handler, String host, int port) {
        return startServer(handler, host, port, ServerOptions.defaults());
    }

    /**
     * Starts a TCP (or, with {@link ServerOptions#withSsl}, TLS) server:
     * {@code await asyncio.start_server(handler, host, port, limit=…, ssl=…)}.
     * <p>Each connection gets its own {@link StreamReader} and {@link StreamWriter}. When the
     * handler's {@code Mono} terminates, the connection is closed gracefully (pending writes
     * flushed, then FIN); a handler error closes the connection the same way and is logged
     * (logger {@code dev.reactio.streams.Streams}). Unlike asyncio, which logs every such error
     * with its traceback, errors the peer can cause at will are logged at DEBUG in one line
     * without a stack trace, so that a hostile peer cannot flood the log: a lost connection
     * ({@link java.net.SocketException}: reset, broken pipe; the idle timeout's
     * {@link java.util.concurrent.TimeoutException}), {@link IncompleteReadException} and
     * {@link LimitOverrunException}. Any other error is a bug in the handler and is logged at
     * ERROR with its stack trace.
     * <p>Facing untrusted peers, set {@link ServerOptions#withIdleTimeout(java.time.Duration)}:
     * without it, a peer that connects and says nothing, or stops reading, keeps its connection
     * and its handler forever.
     *
     * @param handler run for every accepted connection
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param options limit, high-water mark, TLS, backlog, idle timeout, event loops
     * @return a cold {@code Mono} that binds when subscribed and emits the listening server
     */
    public static Mono<StreamServer> startServer(ClientHandler handler, String host, int port, ServerOptions options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        checkPort(port);
        return Mono.defer(() -> {
            StreamServer server = new StreamServer();
            TcpServer tcp = TcpServer.create()
                    .host(host)
                    .port(port)
                    .option(ChannelOption.SO_BACKLOG, options.backlog())
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(options.highWater()))
                    .handle((in, out) -> serve(server, handler, options, in, out));
            if (options.loopResources() != null) {
                tcp = tcp.runOn(options.loopResources());
            }
            if (options.ssl() != null) {
                tcp = tcp.secure(spec -> spec.sslContext(options.ssl()));
            }
            return tcp.bind().map(bound -> {
                server.bound(bound);
                return server;
            });
        });
    }

    /**
     * Opens a TCP connection with default options: {@code await asyncio.open_connection(host, port)}.
     *
     * @param host the host name or address
     * @param port the port, 1 to 65535
     * @return a cold {@code Mono} that connects when subscribed; fails with the connect error
     *     (for example {@code java.net.ConnectException} when refused)
     */
    public static Mono<StreamConnection> openConnection(String host, int port) {
        return openConnection(host, port, ClientOptions.defaults());
    }

    /**
     * Opens a TCP (or, with {@link ClientOptions#withSsl}, TLS) connection:
     * {@code await asyncio.open_connection(host, port, limit=…, ssl=…)}. Close it with
     * {@link StreamWriter#close()}.
     *
     * @param host the host name or address
     * @param port the port, 1 to 65535
     * @param options limit, high-water mark, TLS, connect timeout, idle timeout, event loops
     * @return a cold {@code Mono} that connects when subscribed
     */
    public static Mono<StreamConnection> openConnection(String host, int port, ClientOptions options) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
        return Mono.defer(() -> {
            TcpClient tcp = TcpClient.newConnection() // never pooled: a stream is one connection of its own
                    .host(host)
                    .port(port)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(options.highWater()))
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                            Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            if (options.loopResources() != null) {
                tcp = tcp.runOn(options.loopResources());
            }
            if (options.ssl() != null) {
                tcp = tcp.secure(spec -> spec.sslContext(options.ssl()));
            }
            return tcp.connect()
                    .map(connection -> ConnectionBridge.attach(connection, options.limit(), options.idleTimeout()));
        });
    }

    private static Publisher<Void> serve(
            StreamServer server, ClientHandler handler, ServerOptions options, NettyInbound in, NettyOutbound out) {
        Connection[] holder = new Connection[1];
        in.withConnection(c -> holder[0] = c);
        StreamConnection streams = ConnectionBridge.attach(holder[0], options.limit(), options.idleTimeout());
        StreamWriter writer = streams.writer();
        StreamServer.Client client = server.clientStarted(holder[0].channel(), writer);
        if (client == null) {
            // closeClients() or abortClients() reached the connection before its handler: it is
            // closing already, and the handler does not run.
            return writer.waitClosed();
        }
        return Mono.defer(() -> handler.handle(streams.reader(), writer))
                .onErrorResume(error -> {
                    if (ConnectionBridge.causedByPeer(error, streams.reader())) {
                        // A peer can cause this on every connection: one line, no stack trace,
                        // so that it cannot flood the log.
                        LOG.debug(
                                "Client handler for {} ended by the peer: {}",
                                writer.getExtraInfo("peername"),
                                error.toString());
                    } else {
                        LOG.error(
                                "Unhandled exception in client handler for {}", writer.getExtraInfo("peername"), error);
                    }
                    return Mono.empty();
                })
                .then(Mono.defer(() -> {
                    writer.close();
                    return writer.waitClosed();
                }))
                .doOnCancel(writer::abort)
                .doFinally(signal -> server.clientFinished(client));
    }

    private static WriteBufferWaterMark waterMark(int high) {
        return new WriteBufferWaterMark(high / 4, high);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, but was " + port);
        }
    }
}
