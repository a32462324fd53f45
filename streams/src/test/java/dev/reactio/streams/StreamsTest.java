package dev.reactio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.testsupport.LeakDetection;
import dev.reactio.testsupport.Waiting;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Servers and clients over real loopback sockets. Waits are hang guards only ({@link #GUARD});
 * nothing here asserts on timing.
 */
class StreamsTest {

    private static final Duration GUARD = Duration.ofSeconds(20);
    private final List<StreamServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        for (StreamServer s : servers) {
            s.abortClients();
            s.aclose().block(GUARD);
        }
    }

    @AfterAll
    static void noByteBufLeaks() {
        LeakDetection.assertNoLeaks();
    }

    private StreamServer start(ClientHandler handler) {
        return start(handler, ServerOptions.defaults());
    }

    private StreamServer start(ClientHandler handler, ServerOptions options) {
        StreamServer server =
                Streams.startServer(handler, "127.0.0.1", 0, options).block(GUARD);
        servers.add(server);
        return server;
    }

    private static StreamConnection connect(StreamServer server) {
        return Streams.openConnection("127.0.0.1", server.port()).block(GUARD);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    /** Polls a condition that must become true (a hang guard, not a timing claim). */
    private static void await(String what, BooleanSupplier condition) {
        Waiting.await(what).atMost(GUARD).until(condition::getAsBoolean);
    }

    /** A handler that echoes lines until EOF. */
    private static final ClientHandler LINE_ECHO = (reader, writer) -> reader.readline()
            .flatMap(line -> {
                if (line.length == 0) {
                    return Mono.just(false);
                }
                writer.write(line);
                return writer.drain().thenReturn(true);
            })
            .repeat()
            .takeUntil(more -> !more)
            .then();

    @Test
    void linesEchoBothWaysAndTheClientSeesEofAfterWriteEof() {
        StreamServer server = start(LINE_ECHO);
        StreamConnection c = connect(server);
        c.writer().write(bytes("one\n"));
        c.writer().writelines(List.of(bytes("two\n"), bytes("three\n")));
        c.writer().writeEof();
        List<String> lines = c.reader()
                .readline()
                .repeat()
                .takeWhile(l -> l.length > 0)
                .map(l -> new String(l, UTF_8))
                .collectList()
                .block(GUARD);
        assertThat(lines).containsExactly("one\n", "two\n", "three\n");
        assertThat(c.reader().atEof()).isTrue();
        assertThatThrownBy(() -> c.writer().write(bytes("late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after writeEof()");
        c.writer().close();
        c.writer().waitClosed().block(GUARD);
    }

    @Test
    void aHalfClosedServerStillReadsAndTheClientStillWrites() {
        // The server answers first and half-closes; the client keeps writing after reading EOF.
        CompletableFuture<String> received = new CompletableFuture<>();
        StreamServer server = start((reader, writer) -> {
            writer.write(bytes("hello"));
            writer.writeEof();
            return reader.read(-1)
                    .doOnNext(b -> received.complete(new String(b, UTF_8)))
                    .then();
        });
        StreamConnection c = connect(server);
        assertThat(new String(c.reader().read(-1).block(GUARD), UTF_8)).isEqualTo("hello");
        c.writer().write(bytes("after your eof"));
        c.writer().close();
        assertThat(received).succeedsWithin(GUARD).isEqualTo("after your eof");
    }

    @Test
    void binaryDataOfSeveralMegabytesArrivesIntact() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        StreamServer server = start((reader, writer) -> reader.chunks()
                .concatMap(chunk -> {
                    writer.write(chunk);
                    return writer.drain();
                })
                .then());
        StreamConnection c = connect(server);
        Mono<byte[]> reply = c.reader().readexactly(data.length).cache();
        reply.subscribe();
        for (int at = 0; at < data.length; at += 100_000) {
            c.writer().write(java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + 100_000)));
            c.writer().drain().block(GUARD);
        }
        assertThat(reply.block(GUARD)).isEqualTo(data);
        c.writer().close();
    }

    /**
     * A handler that does not read must not make the server buffer the client's stream: the
     * reader stops pulling at its limit, TCP pushes back, and the client's {@code drain()} waits
     * while its unsent bytes exceed the high-water mark. Measured on both sides.
     */
    @Test
    void flowControlBoundsTheServersBufferAndMakesTheClientsDrainWait() {
        int limit = 16 * 1024;
        int total = 16 * 1024 * 1024;
        Sinks.Empty<Void> gate = Sinks.empty();
        AtomicReference<StreamReader> serverReader = new AtomicReference<>();
        AtomicInteger maxBuffered = new AtomicInteger();
        CompletableFuture<Long> receivedTotal = new CompletableFuture<>();
        StreamServer server = start(
                (reader, writer) -> {
                    serverReader.set(reader);
                    return gate.asMono()
                            .thenMany(reader.chunks())
                            .doOnNext(
                                    chunk -> maxBuffered.accumulateAndGet(reader.buffered() + chunk.length, Math::max))
                            .reduce(0L, (n, chunk) -> n + chunk.length)
                            .doOnNext(receivedTotal::complete)
                            .then();
                },
                ServerOptions.defaults().withLimit(limit));
        StreamConnection c = connect(server);
        Channel clientChannel = (Channel) c.writer().getExtraInfo("socket");
        byte[] block = new byte[64 * 1024];
        for (int sent = 0; sent < total; sent += block.length) {
            c.writer().write(block); // no drain: everything unsent piles up on the client
        }
        await(
                "the server's reader to fill past its limit",
                () -> serverReader.get() != null && serverReader.get().buffered() > limit);
        await("the server to stop reading (its buffer stays put)", () -> {
            int before = serverReader.get().buffered();
            Thread.yield();
            return serverReader.get().buffered() == before && !clientChannel.isWritable();
        });
        int buffered = serverReader.get().buffered();
        // One chunk may be in flight when the reader stops asking: at most one read's worth.
        assertThat(buffered)
                .as("server-side buffered bytes")
                .isGreaterThan(limit)
                .isLessThanOrEqualTo(limit + 64 * 1024);
        assertThat(clientChannel.isWritable())
                .as("client over its high-water mark")
                .isFalse();
        CompletableFuture<Void> drained = c.writer().drain().toFuture();
        assertThat(drained).as("drain() waits while the peer does not read").isNotDone();
        assertThat(clientChannel.bytesBeforeWritable())
                .as("unsent bytes above the low-water mark")
                .isPositive();

        gate.tryEmitEmpty();
        assertThat(drained).succeedsWithin(GUARD);
        c.writer().close();
        assertThat(receivedTotal).succeedsWithin(GUARD).isEqualTo((long) total);
        assertThat(maxBuffered.get())
                .as("most ever buffered while the handler read")
                .isLessThanOrEqualTo(limit + 64 * 1024);
    }

    @Test
    void aClientThatDisconnectsMidReadexactlyGivesIncompleteReadWithThePartialBytes() {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        StreamServer server = start((reader, writer) ->
                reader.readexactly(100).doOnError(failure::complete).then());
        StreamConnection c = connect(server);
        c.writer().write(bytes("only 12 byte"));
        c.writer().close();
        assertThat(failure).succeedsWithin(GUARD).isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(new String(e.partial(), UTF_8)).isEqualTo("only 12 byte");
            assertThat(e.expected()).isEqualTo(100);
        });
    }

    @Test
    void aFailingHandlerClosesItsConnection() {
        StreamServer server = start((reader, writer) -> {
            writer.write(bytes("partial answer"));
            return Mono.error(new IllegalStateException("handler bug (expected by the test)"));
        });
        StreamConnection c = connect(server);
        assertThat(new String(c.reader().read(-1).block(GUARD), UTF_8))
                .as("pending writes are sent, then EOF")
                .isEqualTo("partial answer");
        c.writer().close();
        await("the server to forget the connection", () -> server.clientCount() == 0);
    }

    @Test
    void aHandlerCancelledFromInsideClosesItsConnection() {
        StreamServer server =
                start((reader, writer) -> Mono.error(new java.util.concurrent.CancellationException("cancelled")));
        StreamConnection c = connect(server);
        assertThat(c.reader().read(-1).block(GUARD)).isEmpty();
        c.writer().close();
        await("the server to forget the connection", () -> server.clientCount() == 0);
    }

    @Test
    void extraInfoNamesBothEnds() {
        CompletableFuture<Object> peerSeenByServer = new CompletableFuture<>();
        StreamServer server = start((reader, writer) -> {
            peerSeenByServer.complete(writer.getExtraInfo("peername"));
            return reader.read(-1).then();
        });
        StreamConnection c = connect(server);
        InetSocketAddress sock = (InetSocketAddress) c.writer().getExtraInfo("sockname");
        assertThat(c.writer().getExtraInfo("peername")).isEqualTo(server.address());
        assertThat(peerSeenByServer).succeedsWithin(GUARD).isEqualTo(sock);
        assertThat(c.writer().getExtraInfo("no such key")).isNull();
        assertThat(c.writer().getExtraInfo("ssl_object")).isNull();
        c.writer().close();
    }

    @Test
    void closeStopsAcceptingAndWaitClosedWaitsForRunningHandlers() {
        Sinks.Empty<Void> finish = Sinks.empty();
        StreamServer server = start((reader, writer) -> finish.asMono());
        StreamConnection c = connect(server);
        await("the handler to start", () -> server.clientCount() == 1);
        CompletableFuture<Void> serving = server.serveForever().toFuture();
        assertThat(server.isServing()).isTrue();

        server.close();
        assertThat(serving).succeedsWithin(GUARD);
        assertThat(server.isServing()).isFalse();
        CompletableFuture<Void> closed = server.waitClosed().toFuture();
        assertThat(closed).as("a handler still runs").isNotDone();
        assertThatThrownBy(
                        () -> Streams.openConnection("127.0.0.1", server.port()).block(GUARD))
                .hasCauseInstanceOf(ConnectException.class);

        finish.tryEmitEmpty();
        assertThat(closed).succeedsWithin(GUARD);
        assertThat(c.reader().read(-1).block(GUARD))
                .as("the handler's end closed the connection")
                .isEmpty();
        c.writer().close();
    }

    @Test
    void closeClientsSendsPendingDataThenClosesAndAbortClientsClosesAtOnce() {
        // Each handler says when it has written: the client count alone rises before the
        // handler runs, and may still include a connection that is closing.
        java.util.concurrent.BlockingQueue<Boolean> written = new java.util.concurrent.LinkedBlockingQueue<>();
        StreamServer server = start((reader, writer) -> {
            writer.write(bytes("bye"));
            written.add(true);
            return Mono.never();
        });
        StreamConnection a = connect(server);
        awaitOne(written);
        server.closeClients();
        assertThat(new String(a.reader().read(-1).block(GUARD), UTF_8)).isEqualTo("bye");
        a.writer().close();
        await("the server to forget the first client", () -> server.clientCount() == 0);

        StreamConnection b = connect(server);
        awaitOne(written);
        server.abortClients();
        b.reader().read(-1).onErrorReturn(new byte[0]).block(GUARD); // ends, one way or the other
        b.writer().close(); // half-closed by the server until the client closes too, as in asyncio
        assertThat(b.writer().waitClosed().toFuture()).succeedsWithin(GUARD);
        await("the server to forget both", () -> server.clientCount() == 0);
    }

    private static void awaitOne(java.util.concurrent.BlockingQueue<Boolean> signals) {
        try {
            assertThat(signals.poll(GUARD.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("the handler to write")
                    .isNotNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void serveForeverCancelledClosesTheServer() {
        StreamServer server = start(LINE_ECHO);
        server.serveForever().subscribe().dispose();
        assertThat(server.waitClosed().toFuture()).succeedsWithin(GUARD);
        assertThat(server.isServing()).isFalse();
    }

    @Test
    void drainFailsOnceTheConnectionIsLost() {
        StreamServer server = start((reader, writer) -> Mono.empty()); // closes at once
        StreamConnection c = connect(server);
        assertThat(c.reader().read(-1).block(GUARD)).isEmpty();
        c.writer().close();
        c.writer().waitClosed().block(GUARD);
        assertThat(c.writer().isClosing()).isTrue();
        assertThatThrownBy(() -> c.writer().drain().block(GUARD)).hasMessageContaining("Connection lost");
    }

    @Test
    void connectingToAClosedPortFailsWithConnectException() {
        StreamServer server = start(LINE_ECHO);
        int port = server.port();
        server.aclose().block(GUARD);
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port).block(GUARD))
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    @SuppressWarnings("deprecation") // API.md's short withers must keep their checks
    void badArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Streams.startServer(LINE_ECHO, "127.0.0.1", 70_000))
                .hasMessageContaining("port must be between 0 and 65535, but was 70000");
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", 0))
                .hasMessageContaining("port must be between 1 and 65535");
        assertThatThrownBy(() -> ServerOptions.defaults().limit(0))
                .hasMessageContaining("limit must be at least 1 byte, but was 0");
        assertThatThrownBy(() -> ClientOptions.defaults().highWater(-1))
                .hasMessageContaining("highWater must be 0 or more");
        assertThatThrownBy(() -> ServerOptions.defaults().backlog(0))
                .hasMessageContaining("backlog must be at least 1");
        assertThatThrownBy(() -> ClientOptions.defaults().connectTimeout(Duration.ZERO))
                .hasMessageContaining("connectTimeout must be positive");
    }

    @Test
    void tlsOnBothSides() throws Exception {
        X509Bundle cert = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        SslContext serverSsl =
                SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
        SslContext clientSsl = SslContextBuilder.forClient()
                .trustManager(cert.toTrustManagerFactory())
                .build();
        StreamServer server = start(LINE_ECHO, ServerOptions.defaults().withSsl(serverSsl));
        StreamConnection c = Streams.openConnection(
                        "localhost", server.port(), ClientOptions.defaults().withSsl(clientSsl))
                .block(GUARD);
        assertThat(c.writer().canWriteEof()).isFalse();
        assertThatThrownBy(() -> c.writer().writeEof()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.writer().getExtraInfo("ssl_object")).isInstanceOf(SSLEngine.class);
        c.writer().write(bytes("secret line\n"));
        assertThat(new String(c.reader().readline().block(GUARD), UTF_8)).isEqualTo("secret line\n");
        c.writer().close();
        c.writer().waitClosed().block(GUARD);

        // A client that does not trust the certificate cannot talk to the server.
        SslContext untrusting = SslContextBuilder.forClient().build();
        assertThatThrownBy(() -> Streams.openConnection(
                                "localhost",
                                server.port(),
                                ClientOptions.defaults().withSsl(untrusting))
                        .block(GUARD))
                .hasStackTraceContaining("PKIX");
    }

    @Test
    @SuppressWarnings("deprecation") // API.md's short ssl(SslContext) must keep its check
    void optionsRejectASslContextForTheWrongSide() throws Exception {
        X509Bundle cert = new CertificateBuilder()
                .subject("CN=localhost")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        SslContext serverSsl =
                SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
        assertThatThrownBy(() -> ClientOptions.defaults().ssl(serverSsl))
                .hasMessageContaining("must be a client SslContext");
    }

    @Test
    void theLeakCheckSeesALeakedBuffer() {
        LeakDetection.drainLeaks();
        leakOne();
        assertThat(LeakDetection.drainLeaks())
                .as("a deliberately leaked ByteBuf is reported")
                .isNotEmpty();
    }

    private static void leakOne() {
        ByteBuf leaked = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeInt(1); // never released
    }

    @Test
    void manyConnectionsAtOnce() {
        StreamServer server = start(LINE_ECHO);
        List<String> replies = Flux.range(0, 50)
                .flatMap(i -> Streams.openConnection("127.0.0.1", server.port()).flatMap(c -> {
                    c.writer().write(bytes("client " + i + "\n"));
                    return c.reader()
                            .readline()
                            .map(l -> new String(l, UTF_8))
                            .doFinally(s -> c.writer().close());
                }))
                .collectList()
                .block(GUARD);
        assertThat(replies).hasSize(50).allMatch(r -> r.startsWith("client "));
        assertThat(replies.stream().distinct().count()).isEqualTo(50);
    }
}
