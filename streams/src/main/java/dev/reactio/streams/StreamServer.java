package dev.reactio.streams;

import dev.reactio.AsyncCloseable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;

/**
 * A listening TCP server: what {@code asyncio.start_server} returns. Each accepted connection
 * runs the {@link ClientHandler} given to {@link Streams#startServer}.
 *
 * <pre>{@code
 * StreamServer server = Streams.startServer(handler, "127.0.0.1", 8888).block();
 * Aio.using(Mono.just(server), s -> s.serveForever());   // async with server: await serve_forever()
 * }</pre>
 *
 * <ul>
 * <li>{@link #close()} stops accepting at once; connections in progress go on. {@link #waitClosed()}
 *     completes once the listening socket is closed and every handler has finished, as in
 *     asyncio 3.12+.</li>
 * <li>{@link #closeClients()} closes every connection gracefully, {@link #abortClients()} at
 *     once. Both reach every connection the server has accepted, including one whose handler
 *     has not started yet. To shut down, call {@code close()} first, then one of them: a
 *     connection accepted in between would otherwise be served.</li>
 * <li>As an {@link AsyncCloseable}, {@link #aclose()} is {@code close()} then {@code waitClosed()}:
 *     what {@code async with server:} does on exit.</li>
 * <li>Thread safety: this class is threadsafe.</li>
 * </ul>
 */
public final class StreamServer implements AsyncCloseable {

    /** The bookkeeping entry of an accepted connection, attached to its channel. */
    private static final AttributeKey<Client> CLIENT = AttributeKey.valueOf("reactio.streams.client");

    private final Object lock = new Object();
    private volatile @Nullable DisposableServer server;
    /**
     * Every connection accepted and not done yet: its handler has not finished, or it never
     * started and the connection is still open. Added on the listening channel's event loop, so
     * before the listening socket's close is reported there. Guarded by {@link #lock}.
     */
    private final Set<Client> clients = new LinkedHashSet<>();
    /** {@link #close()} was called: connections accepted from now on are refused. Written under {@link #lock}. */
    private volatile boolean closeCalled;
    /** The listening socket is open. Guarded by {@link #lock}. */
    private boolean listening = true;

    private final Sinks.Empty<Void> listeningClosed = Sinks.empty();
    private final Sinks.Empty<Void> allClosed = Sinks.empty();

    StreamServer() {}

    /**
     * Watches the listening channel. reactor-netty calls this on that channel's event loop,
     * right after the bind, so no connection can be accepted before the gate is in place.
     */
    void bound(DisposableServer server) {
        this.server = server;
        Channel listeningChannel = server.channel();
        // First in the pipeline: before reactor-netty's acceptor registers the connection.
        listeningChannel.pipeline().addFirst("reactio.streams.accept", new AcceptGate(this));
        listeningChannel.closeFuture().addListener(f -> listeningDone());
    }

    /**
     * The address the server listens on.
     *
     * @return the bound address (with the real port when 0 was asked for)
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) bound().address();
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port
     */
    public int port() {
        return bound().port();
    }

    /**
     * Serves until the server is closed: {@code await server.serve_forever()}. Cancelling the
     * returned {@code Mono} closes the server, as cancelling {@code serve_forever()} does.
     *
     * @return a {@code Mono} that completes when the listening socket is closed
     */
    public Mono<Void> serveForever() {
        return listeningClosed.asMono().doOnCancel(this::close);
    }

    /**
     * Stops accepting connections: {@code server.close()}. Running handlers go on. A connection
     * the server had not accepted yet when {@code close()} was called is refused (closed), like
     * one still waiting in the listening socket's backlog. Idempotent. The eager form of
     * {@link #aclose()}, which also waits for the handlers.
     */
    public void close() {
        synchronized (lock) {
            closeCalled = true;
        }
        bound().dispose();
    }

    /**
     * Waits until the listening socket is closed and every connection's handler has finished:
     * {@code await server.wait_closed()}.
     *
     * @return a {@code Mono} that completes then
     */
    public Mono<Void> waitClosed() {
        return allClosed.asMono();
    }

    /**
     * Closes every open connection gracefully (pending writes are sent first): {@code server.close_clients()}.
     * A connection accepted before this call whose handler has not started yet is closed too,
     * and its handler is not run.
     */
    public void closeClients() {
        endClients(Client.CLOSE);
    }

    /**
     * Closes every open connection at once, dropping unsent data: {@code server.abort_clients()}.
     * A connection accepted before this call whose handler has not started yet is closed too,
     * and its handler is not run.
     */
    public void abortClients() {
        endClients(Client.ABORT);
    }

    /**
     * Whether the server accepts connections: {@code server.is_serving()}.
     *
     * @return {@code false} once {@link #close()} was called
     */
    public boolean isServing() {
        DisposableServer s = server;
        return !closeCalled && s != null && !s.isDisposed();
    }

    /**
     * Stops accepting and waits for every handler: {@code close()}, then {@code waitClosed()}.
     * <p>Nothing happens until subscribed; {@link #close()} is the eager form. Every subscriber
     * completes when the listening socket is closed and every handler has finished; cancelling
     * one stops its waiting, not the close.
     *
     * @return a cold {@code Mono} that completes when the server is closed
     */
    @Override
    public Mono<Void> aclose() {
        return Mono.defer(() -> {
            close();
            return waitClosed();
        });
    }

    /** The listening channel (tests). */
    Channel listeningChannel() {
        return bound().channel();
    }

    /** Number of connections accepted and not done yet (tests). */
    int clientCount() {
        synchronized (lock) {
            return clients.size();
        }
    }

    @Override
    public String toString() {
        DisposableServer s = server;
        return "StreamServer[" + (s == null ? "binding" : s.address()) + ", clients=" + clientCount()
                + (isServing() ? "" : ", closed") + "]";
    }

    // ------------------------------------------------------------------ connection bookkeeping

    /**
     * One accepted connection. States: accepted (no writer) → started (its handler runs) →
     * removed when the handler finished; or accepted → removed when the connection closed
     * before any handler started. Fields guarded by the server's {@link #lock}.
     */
    static final class Client {
        static final int NONE = 0;
        static final int CLOSE = 1;
        static final int ABORT = 2;

        final Channel channel;

        @Nullable
        StreamWriter writer;
        /** What closeClients()/abortClients() asked for; ABORT wins over CLOSE. */
        int ending = NONE;

        Client(Channel channel) {
            this.channel = channel;
        }
    }

    /**
     * The listening channel read {@code child}, on its event loop: counts it, or refuses it
     * once {@link #close()} was called.
     *
     * @return whether {@code child} may be registered and served
     */
    boolean accepted(Channel child) {
        Client client = new Client(child);
        synchronized (lock) {
            if (closeCalled) {
                return false;
            }
            clients.add(client);
        }
        child.attr(CLIENT).set(client);
        // Forgets a connection that closes before its handler starts (a failed TLS handshake,
        // a reset, closeClients()): no handler will report its end.
        child.closeFuture().addListener(f -> connectionClosed(client));
        return true;
    }

    /**
     * The handler of {@code channel}'s connection is about to run.
     *
     * @return the entry to pass to {@link #clientFinished} once the handler is done, or
     *     {@code null} if closeClients() or abortClients() came first: then {@code writer} was
     *     closed (or aborted), the handler must not run, and the connection's close will remove
     *     the entry
     */
    @Nullable
    Client clientStarted(Channel channel, StreamWriter writer) {
        Client client = channel.attr(CLIENT).get();
        int ending;
        synchronized (lock) {
            if (client == null) {
                client = new Client(channel); // not seen by the gate: cannot happen, see bound()
            }
            ending = client.ending;
            if (ending == Client.NONE) {
                client.writer = writer;
                clients.add(client); // no-op, unless the connection closed (and was forgotten) before this
            }
        }
        if (ending == Client.NONE) {
            return client;
        }
        if (ending == Client.ABORT) {
            writer.abort();
        } else {
            writer.close();
        }
        return null;
    }

    /** The handler of {@code client} finished. */
    void clientFinished(Client client) {
        forget(client);
    }

    private void connectionClosed(Client client) {
        synchronized (lock) {
            if (client.writer != null) {
                return; // the handler started: its end removes the entry
            }
        }
        forget(client);
    }

    private void forget(Client client) {
        boolean done;
        synchronized (lock) {
            if (!clients.remove(client)) {
                return;
            }
            done = !listening && clients.isEmpty();
        }
        if (done) {
            // FAIL_TERMINATED only: waitClosed() completes once, whoever gets here first.
            allClosed.tryEmitEmpty();
        }
    }

    private void listeningDone() {
        boolean done;
        synchronized (lock) {
            listening = false;
            done = clients.isEmpty();
        }
        listeningClosed.tryEmitEmpty(); // FAIL_TERMINATED only, if called twice
        if (done) {
            allClosed.tryEmitEmpty();
        }
    }

    private void endClients(int how) {
        List<StreamWriter> started = new ArrayList<>();
        List<Channel> unstarted = new ArrayList<>();
        synchronized (lock) {
            for (Client c : clients) {
                // Marked under the lock: a handler starting after this sees the mark in clientStarted.
                c.ending = Math.max(c.ending, how);
                StreamWriter writer = c.writer;
                if (writer != null) {
                    started.add(writer);
                } else {
                    unstarted.add(c.channel);
                }
            }
        }
        for (StreamWriter writer : started) {
            if (how == Client.ABORT) {
                writer.abort();
            } else {
                writer.close();
            }
        }
        for (Channel channel : unstarted) {
            // Nothing written yet, so closing is graceful enough. An unregistered channel cannot
            // be closed from here (it has no event loop yet): clientStarted closes it instead.
            if (channel.isRegistered()) {
                channel.close();
            }
        }
    }

    private DisposableServer bound() {
        DisposableServer s = server;
        if (s == null) {
            throw new IllegalStateException("StreamServer is not bound yet");
        }
        return s;
    }

    /** On the listening channel, ahead of reactor-netty's acceptor: sees every accepted connection. */
    private static final class AcceptGate extends ChannelInboundHandlerAdapter {
        private final StreamServer server;

        AcceptGate(StreamServer server) {
            this.server = server;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child && !server.accepted(child)) {
                // Refused after close(): never registered, so closed directly, as reactor-netty
                // closes a connection it fails to register.
                child.unsafe().closeForcibly();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
