package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** {@code ClientTimeout}'s three limits, each against a server that does not answer in time. */
class ClientSessionTimeoutTest {

    /** Accepts requests and never answers them. */
    private final DisposableServer silent = TestSupport.server((req, res) -> Mono.never());

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void stop() {
        session.aclose().block(GUARD);
        silent.disposeNow();
    }

    @Test
    void totalTimeoutFiresAtItsDeadline() {
        String url = TestSupport.url(silent, "/never");
        RequestOptions fiveSeconds = RequestOptions.builder()
                .timeout(ClientTimeout.total(Duration.ofSeconds(5)))
                .build();

        StepVerifier.withVirtualTime(() -> session.get(url, fiveSeconds))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(TimeoutException.class)
                        .hasMessage(
                                "Request GET " + url + " timed out: total timeout PT5S (ClientTimeout.total) elapsed"))
                .verify(GUARD);
    }

    @Test
    void totalTimeoutAlsoLimitsStreaming() {
        String url = TestSupport.url(silent, "/never");
        RequestOptions fiveSeconds = RequestOptions.builder()
                .timeout(ClientTimeout.total(Duration.ofSeconds(5)))
                .build();

        StepVerifier.withVirtualTime(
                        () -> session.stream("GET", url, Body.empty(), fiveSeconds, StreamingResponse::content))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(4_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e ->
                        assertThat(e).isInstanceOf(TimeoutException.class).hasMessageContaining("ClientTimeout.total"))
                .verify(GUARD);
    }

    @Test
    void sockReadTimeoutFiresWhenTheServerSendsNothing() {
        String url = TestSupport.url(silent, "/never");
        RequestOptions shortRead = RequestOptions.builder()
                .timeout(ClientTimeout.NONE.withSockRead(Duration.ofMillis(200)))
                .build();

        session.get(url, shortRead)
                .as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(TimeoutException.class)
                        .hasMessage("Request GET " + url + " timed out: no data for PT0.2S (ClientTimeout.sockRead)"))
                .verify(GUARD);
        TestSupport.await(
                "the timed-out connection is closed, not pooled",
                () -> session.connectionStats().active() == 0
                        && session.connectionStats().idle() == 0);
    }

    @Test
    void sockReadTimeoutFiresWhenTheBodyStalls() {
        DisposableServer stalling = TestSupport.server((req, res) ->
                res.sendString(reactor.core.publisher.Flux.concat(Mono.just("first part"), Mono.never())));
        try {
            String url = TestSupport.url(stalling, "/stall");
            RequestOptions shortRead = RequestOptions.builder()
                    .timeout(ClientTimeout.NONE.withSockRead(Duration.ofMillis(200)))
                    .build();

            session.get(url, shortRead)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(TimeoutException.class)
                            .hasMessageEndingWith("(ClientTimeout.sockRead)"))
                    .verify(GUARD);
        } finally {
            stalling.disposeNow();
        }
    }

    @Test
    void connectTimeoutFiresWhenTheServerDoesNotAccept() throws IOException {
        // A listening socket whose accept backlog is full drops further SYNs, so connecting hangs
        // until the connect timeout. Where the OS answers instead (RST), the test cannot apply.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                Assumptions.assumeTrue(fillBacklog(full, fillers), "could not fill the accept backlog on this OS");
                String url = "http://127.0.0.1:" + full.getLocalPort() + "/";
                try (ClientSession s = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withConnect(Duration.ofMillis(300)))
                        .build()) {
                    s.get(url)
                            .as(StepVerifier::create)
                            .expectErrorSatisfies(e -> assertThat(e)
                                    .isInstanceOf(TimeoutException.class)
                                    .hasMessageStartingWith("Request GET " + url + " timed out connecting")
                                    .hasMessageEndingWith("(ClientTimeout.connect)"))
                            .verify(GUARD);
                }
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void aRequestsOwnConnectTimeoutReplacesTheSessions() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                Assumptions.assumeTrue(fillBacklog(full, fillers), "could not fill the accept backlog on this OS");
                String url = "http://127.0.0.1:" + full.getLocalPort() + "/";
                RequestOptions shortConnect = RequestOptions.builder()
                        .timeout(ClientTimeout.NONE.withConnect(Duration.ofMillis(300)))
                        .build();
                session.get(url, shortConnect)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(TimeoutException.class)
                                .hasMessageEndingWith("(ClientTimeout.connect)"))
                        .verify(GUARD);
            } finally {
                for (Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    /** Connects plain sockets until one cannot connect; true once the backlog is full. */
    private static boolean fillBacklog(ServerSocket server, List<Socket> fillers) throws IOException {
        for (int i = 0; i < 64; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
            } catch (SocketTimeoutException e) {
                return true;
            }
        }
        return false;
    }
}
