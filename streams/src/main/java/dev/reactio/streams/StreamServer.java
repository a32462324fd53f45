package dev.reactio.streams;

import dev.reactio.AsyncCloseable;
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
 * <li>{@link #close()} stops accepting; connections in progress go on. {@link #waitClosed()}
 *     completes once the listening socket is closed and every handler has finished, as in
 *     asyncio 3.12+.</li>
 * <li>{@link #closeClients()} closes every connection gracefully, {@link #abortClients()} at
 *     once.</li>
 * <li>As an {@link AsyncCloseable}, {@link #aclose()} is {@code close()} then {@code waitClosed()}:
 *     what {@code async with server:} does on exit.</li>
 * <li>Thread safety: this class is threadsafe.</li>
 * </ul>
 */
public final class StreamServer implements AsyncCloseable {

    private @Nullable DisposableServer server;
    /** Connections whose handler is still running; guarded by {@code this}. */
    private final Set<StreamWriter> clients = new LinkedHashSet<>();
    private boolean listening = true;
    private final Sinks.Empty<Void> listeningClosed = Sinks.empty();
    private final Sinks.Empty<Void> allClosed = Sinks.empty();

    StreamServer() {
    }

    void bound(DisposableServer server) {
        this.server = server;
        server.onDispose().subscribe(null, e -> listeningDone(), this::listeningDone);
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

    /** Stops accepting connections: {@code server.close()}. Running handlers go on. Idempotent. */
    public void close() {
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

    /** Closes every open connection gracefully (pending writes are sent first): {@code server.close_clients()}. */
    public void closeClients() {
        for (StreamWriter client : snapshot()) {
            client.close();
        }
    }

    /** Closes every open connection at once, dropping unsent data: {@code server.abort_clients()}. */
    public void abortClients() {
        for (StreamWriter client : snapshot()) {
            client.abort();
        }
    }

    /**
     * Whether the server accepts connections: {@code server.is_serving()}.
     *
     * @return {@code false} once {@link #close()} was called
     */
    public boolean isServing() {
        DisposableServer s = server;
        return s != null && !s.isDisposed();
    }

    /** {@code close()}, then {@code waitClosed()}. */
    @Override
    public Mono<Void> aclose() {
        return Mono.defer(() -> {
            close();
            return waitClosed();
        });
    }

    /** Number of connections whose handler is running (tests). */
    synchronized int clientCount() {
        return clients.size();
    }

    @Override
    public String toString() {
        DisposableServer s = server;
        return "StreamServer[" + (s == null ? "binding" : s.address()) + ", clients=" + clientCount()
                + (isServing() ? "" : ", closed") + "]";
    }

    // ------------------------------------------------------------------ connection bookkeeping

    void clientStarted(StreamWriter writer) {
        synchronized (this) {
            clients.add(writer);
        }
    }

    void clientFinished(StreamWriter writer) {
        boolean done;
        synchronized (this) {
            clients.remove(writer);
            done = !listening && clients.isEmpty();
        }
        if (done) {
            allClosed.tryEmitEmpty();
        }
    }

    private void listeningDone() {
        boolean done;
        synchronized (this) {
            listening = false;
            done = clients.isEmpty();
        }
        listeningClosed.tryEmitEmpty();
        if (done) {
            allClosed.tryEmitEmpty();
        }
    }

    private synchronized List<StreamWriter> snapshot() {
        return new ArrayList<>(clients);
    }

    private DisposableServer bound() {
        DisposableServer s = server;
        if (s == null) {
            throw new IllegalStateException("StreamServer is not bound yet");
        }
        return s;
    }
}
