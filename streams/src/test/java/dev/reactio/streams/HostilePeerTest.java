package dev.reactio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.reactio.testsupport.LeakDetection;
import dev.reactio.testsupport.Waiting;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Peers that misbehave on purpose (gh-12 "Hostile peers"): they say nothing, stop reading,
 * reset the connection or flood the server with idle connections. The peers are raw
 * {@code java.net} sockets. Waits are hang guards only ({@link #GUARD}); the idle timeouts are
 * short so that the tests end soon, but nothing asserts on how long anything took.
 */
class HostilePeerTest {

    private static final Duration GUARD = Duration.ofSeconds(20);
    /** Short, so that the tests end soon; no test depends on its exact length. */
    private static final Duration IDLE = Duration.ofMillis(200);

    private final List<StreamServer> servers = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();
    /** NIO event loops, for the tests that run on both transports (epoll, where available, is the default). */
    private final EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable s : sockets) {
            s.close();
        }
        for (StreamServer s : servers) {
            s.abortClients();
            s.aclose().block(GUARD);
        }
        nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The default options on {@code transport}: "default" (epoll where available) or "nio". */
    private ServerOptions on(String transport) {
        if (transport.equals("default")) {
            return ServerOptions.defaults();
        }
        return ServerOptions.defaults().withLoopResources(new LoopResources() {
            @Override
            public EventLoopGroup onServer(boolean useNative) {
                return nio;
            }

            @Override
            public EventLoopGroup onServerSelect(boolean useNative) {
                return nio;
            }
        });
    }

    @AfterAll
    static void noByteBufLeaks() {
        LeakDetection.assertNoLeaks();
    }

    private StreamServer start(ClientHandler handler, ServerOptions options) {
        StreamServer server =
                Streams.startServer(handler, "127.0.0.1", 0, options).block(GUARD);
        servers.add(server);
        return server;
    }

    /** A raw client that the test closes (or resets) itself; the guard bounds its blocking reads. */
    private Socket rawClient(StreamServer server) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.setSoTimeout((int) GUARD.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        return socket;
    }

    /** Closes {@code socket} with a TCP RST instead of a FIN. */
    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Reads until the server closes the connection; a reset counts as closed too. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read(new byte[8192]) >= 0) {
                // whatever the server still sent
            }
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
    }

    /** Polls a condition that must become true (a hang guard, not a timing claim). */
    private static void await(String what, BooleanSupplier condition) {
        Waiting.await(what).atMost(GUARD).until(condition::getAsBoolean);
    }

    /** Asserts what a peer-caused failure may log: no warning or error, at most one DEBUG line. */
    private static void assertQuiet(LogCapture logs) {
        assertThat(logs.warningsAndErrors())
                .as("nothing logged at WARN or ERROR")
                .isEmpty();
        assertThat(logs.fromStreams())
                .as("at most one line")
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.DEBUG);
                    assertThat(e.getThrowableProxy()).as("no stack trace").isNull();
                });
    }

    @Nested
    class IdleTimeout {

        @Test
        @SuppressWarnings("deprecation") // checks API.md's short idleTimeout(Duration) too
        void isOffByDefaultAndValidated() {
            assertThat(ServerOptions.defaults().idleTimeout()).isEqualTo(Duration.ZERO);
            assertThat(ClientOptions.defaults().idleTimeout()).isEqualTo(Duration.ZERO);
            assertThat(ServerOptions.defaults().idleTimeout(IDLE).idleTimeout()).isEqualTo(IDLE);
            assertThatThrownBy(() -> ServerOptions.defaults().idleTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("idleTimeout must be zero (no timeout) or positive, but was PT-1S");
            assertThatThrownBy(() -> ClientOptions.defaults().idleTimeout(Duration.ofMillis(-5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("idleTimeout must be zero (no timeout) or positive, but was PT-0.005S");
            assertThatThrownBy(() -> ServerOptions.defaults().idleTimeout(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("idleTimeout");
            assertThat(ServerOptions.defaults().idleTimeout(IDLE).toString()).contains("idleTimeout=PT0.2S");
        }

        @Test
        void closesAConnectionWhosePeerSaysNothingAndFailsTheWaitingReadWithTimeoutException() throws Exception {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            StreamServer server = start(
                    (reader, writer) ->
                            reader.readline().doOnError(failure::complete).then(),
                    ServerOptions.defaults().withIdleTimeout(IDLE));
            try (LogCapture logs = new LogCapture()) {
                Socket silent = rawClient(server);
                assertThat(failure)
                        .succeedsWithin(GUARD)
                        .isInstanceOfSatisfying(
                                TimeoutException.class,
                                e -> assertThat(e)
                                        .hasMessage(
                                                "Connection closed: no bytes read or written within the idleTimeout of 200ms"));
                assertClosedByServer(silent);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertQuiet(logs);
            }
        }

        @Test
        void afterTheTimeoutDrainFailsWithSocketExceptionCausedByIt() throws Exception {
            CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
            CompletableFuture<Throwable> drainFailure = new CompletableFuture<>();
            StreamServer server = start(
                    (reader, writer) -> reader.read(10)
                            .onErrorResume(e -> {
                                readFailure.complete(e);
                                return writer.drain()
                                        .doOnError(drainFailure::complete)
                                        .then(Mono.empty());
                            })
                            .then(),
                    ServerOptions.defaults().withIdleTimeout(IDLE));
            rawClient(server);
            assertThat(readFailure).succeedsWithin(GUARD).isInstanceOf(TimeoutException.class);
            assertThat(drainFailure)
                    .succeedsWithin(GUARD)
                    .isInstanceOfSatisfying(
                            SocketException.class,
                            e -> assertThat(e)
                                    .hasCauseInstanceOf(TimeoutException.class)
                                    .hasMessageContaining("no bytes read or written within the idleTimeout"));
        }

        @Test
        void closesAConnectionWhosePeerStopsReadingEvenAfterItsHandlerEnded() throws Exception {
            // The handler ends with megabytes unsent: the graceful close would wait for them forever.
            StreamServer server = start(
                    (reader, writer) -> {
                        byte[] chunk = new byte[1 << 20];
                        for (int i = 0; i < 16; i++) {
                            writer.write(chunk);
                        }
                        return Mono.empty();
                    },
                    ServerOptions.defaults().withIdleTimeout(IDLE));
            Socket socket = new Socket();
            sockets.add(socket);
            socket.setReceiveBufferSize(4096); // before connecting: a small window
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            // never reads
            await("the server to close the connection and forget it", () -> server.clientCount() == 0);
        }

        @Test
        void boundsAFloodOfConnectionsThatNeverSend() throws Exception {
            StreamServer server = start(
                    (reader, writer) -> reader.readline().then(),
                    ServerOptions.defaults().withIdleTimeout(IDLE).withBacklog(64));
            try (LogCapture logs = new LogCapture()) {
                List<Socket> flood = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    flood.add(rawClient(server));
                }
                for (Socket s : flood) {
                    assertClosedByServer(s);
                }
                await("the server to forget every connection", () -> server.clientCount() == 0);
                assertThat(logs.warningsAndErrors()).isEmpty();
            }
        }

        @Test
        void aClientsIdleTimeoutFailsItsReadWhenTheServerSaysNothing() throws Exception {
            try (ServerSocket listening = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                StreamConnection c = Streams.openConnection(
                                "127.0.0.1",
                                listening.getLocalPort(),
                                ClientOptions.defaults().withIdleTimeout(IDLE))
                        .block(GUARD);
                try (Socket accepted = listening.accept()) {
                    accepted.setSoTimeout((int) GUARD.toMillis());
                    assertThatThrownBy(() -> c.reader().read(10).block(GUARD))
                            .cause()
                            .isInstanceOf(TimeoutException.class)
                            .hasMessageContaining("idleTimeout of 200ms");
                    assertClosedByServer(accepted); // closed by the client, here
                    c.writer().waitClosed().block(GUARD);
                }
            }
        }
    }

    @Nested
    class Resets {

        @ParameterizedTest
        @ValueSource(strings = {"default", "nio"})
        void aPeerResetDuringARead(String transport) throws Exception {
            CompletableFuture<Void> reading = new CompletableFuture<>();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            StreamServer server = start(
                    (reader, writer) -> Mono.fromRunnable(() -> reading.complete(null))
                            .then(reader.read(100))
                            .doOnError(failure::complete)
                            .then(),
                    on(transport));
            try (LogCapture logs = new LogCapture()) {
                Socket peer = rawClient(server);
                assertThat(reading).succeedsWithin(GUARD);
                reset(peer);
                assertThat(failure)
                        .as("the read fails with the documented type")
                        .succeedsWithin(GUARD)
                        .isInstanceOf(SocketException.class);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertQuiet(logs);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"default", "nio"})
        void aPeerResetWhileTheHandlerWrites(String transport) throws Exception {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            byte[] chunk = new byte[64 * 1024];
            StreamServer server = start(
                    (reader, writer) -> Mono.defer(() -> {
                                writer.write(chunk);
                                return writer.drain();
                            })
                            .repeat()
                            .doOnError(failure::complete)
                            .then(),
                    on(transport));
            try (LogCapture logs = new LogCapture()) {
                Socket peer = rawClient(server);
                assertThat(peer.getInputStream().read()).as("the server writes").isNotNegative();
                reset(peer);
                assertThat(failure)
                        .as("drain fails with the documented type")
                        .succeedsWithin(GUARD)
                        .isInstanceOf(SocketException.class);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertQuiet(logs);
            }
        }

        @Test
        void aServerResetFailsTheClientsReadWithSocketException() throws Exception {
            try (ServerSocket listening = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                StreamConnection c = Streams.openConnection("127.0.0.1", listening.getLocalPort())
                        .block(GUARD);
                CompletableFuture<byte[]> read = c.reader().read(10).toFuture();
                reset(listening.accept());
                assertThat(read).failsWithin(GUARD).withThrowableThat().withCauseInstanceOf(SocketException.class);
                c.writer().close();
                c.writer().waitClosed().block(GUARD);
            }
        }

        @Test
        void garbageSentToATlsServerIsNotLoggedAtWarnOrError() throws Exception {
            X509Bundle cert = new CertificateBuilder()
                    .subject("CN=localhost")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            SslContext serverSsl =
                    SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
            StreamServer server = start(
                    (reader, writer) -> reader.read(100).then(),
                    ServerOptions.defaults().withSsl(serverSsl));
            try (LogCapture logs = new LogCapture()) {
                Socket peer = rawClient(server);
                peer.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8)); // not a TLS record
                assertClosedByServer(peer);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertQuiet(logs);
            }
        }

        @Test
        void aHandlerBugIsStillLoggedAtErrorWithItsStackTrace() throws Exception {
            StreamServer server = start(
                    (reader, writer) -> Mono.error(new IllegalStateException("handler bug (expected by the test)")),
                    ServerOptions.defaults());
            try (LogCapture logs = new LogCapture()) {
                Socket peer = rawClient(server);
                assertClosedByServer(peer);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertThat(logs.fromStreams()).singleElement().satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                    assertThat(e.getThrowableProxy().getMessage()).isEqualTo("handler bug (expected by the test)");
                });
            }
        }

        @Test
        void peerErrorsTheHandlerDoesNotCatchAreLoggedAtDebugInOneLine() throws Exception {
            StreamServer server =
                    start((reader, writer) -> reader.readexactly(100).then(), ServerOptions.defaults());
            try (LogCapture logs = new LogCapture()) {
                Socket peer = rawClient(server);
                peer.getOutputStream().write("only 12 byte".getBytes(UTF_8));
                peer.shutdownOutput(); // an IncompleteReadException in the handler
                assertClosedByServer(peer);
                await("the server to forget the connection", () -> server.clientCount() == 0);
                assertQuiet(logs);
                assertThat(logs.fromStreams())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("IncompleteReadException: 12 bytes read on a total of 100 expected bytes"));
            }
        }
    }
}
