package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static dev.reactio.http.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@code limit} and {@code limitPerHost}, measured as the peak of requests in flight at a server
 * that holds every response until the test releases it.
 */
class ClientSessionLimitsTest {

    private final HoldingServer server = new HoldingServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void limitCapsConcurrentRequestsAndTheRestWait() {
        try (ClientSession session = ClientSession.builder().limit(3).build()) {
            Mono<List<String>> all = Flux.range(0, 8)
                    .flatMap(i -> session.get(server.url(i % 2 == 0 ? "127.0.0.1" : "localhost", "/held")))
                    .map(ClientResponse::text)
                    .collectList()
                    .cache();
            all.subscribe();

            await(
                    "3 requests at the server and 5 waiting",
                    () -> server.inFlight() == 3 && session.connectionStats().pending() == 5);
            assertThat(session.connectionStats().active()).isEqualTo(3);
            server.release();

            assertThat(blockOrDescribe(all, session)).hasSize(8).containsOnly("released");
            assertThat(server.peak()).isEqualTo(3);
        }
    }

    @org.junit.jupiter.api.RepeatedTest(3) // hung 1 run in 10 before HoldingServer read requests to their end
    void limitPerHostCapsEachHostSeparately() {
        try (ClientSession session =
                ClientSession.builder().limit(10).limitPerHost(2).build()) {
            Mono<List<String>> all = Flux.range(0, 8)
                    .flatMap(i -> session.get(server.url(i % 2 == 0 ? "127.0.0.1" : "localhost", "/held")))
                    .map(ClientResponse::text)
                    .collectList()
                    .cache();
            all.subscribe();

            await(
                    "2 requests per host at the server and 4 waiting",
                    () -> server.inFlight("127.0.0.1") == 2
                            && server.inFlight("localhost") == 2
                            && session.connectionStats().pending() == 4);
            server.release();

            assertThat(blockOrDescribe(all, session)).hasSize(8).containsOnly("released");
            assertThat(server.peak("127.0.0.1")).isEqualTo(2);
            assertThat(server.peak("localhost")).isEqualTo(2);
        }
    }

    @Test
    void waitingForAConnectionCountsTowardsTheTotalTimeout() {
        try (ClientSession session = ClientSession.builder().limit(1).build()) {
            Mono<ClientResponse> first = session.get(server.held()).cache();
            first.subscribe();
            await("the first request holds the only connection", () -> server.inFlight() == 1);
            RequestOptions shortTotal = RequestOptions.builder()
                    .timeout(ClientTimeout.total(Duration.ofMillis(300)))
                    .build();

            session.get(server.url("127.0.0.1", "/ok"), shortTotal)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(TimeoutException.class)
                            .hasMessageContaining("(ClientTimeout.total)"))
                    .verify(GUARD);
            assertThat(session.connectionStats().pending())
                    .as("the timed-out waiter left the queue")
                    .isZero();
            server.release();

            assertThat(first.block(GUARD).text()).isEqualTo("released");
            assertThat(session.get(server.url("127.0.0.1", "/ok")).block(GUARD).text())
                    .isEqualTo("ok");
        }
    }

    @Test
    void aRequestsOwnConnectTimeoutDoesNotBypassLimitPerHost() {
        try (ClientSession session = ClientSession.builder().limitPerHost(1).build()) {
            RequestOptions ownConnect = RequestOptions.builder()
                    .timeout(ClientTimeout.DEFAULT.withConnect(Duration.ofSeconds(5)))
                    .build();
            Mono<List<String>> all = Flux.merge(session.get(server.held()), session.get(server.held(), ownConnect))
                    .map(ClientResponse::text)
                    .collectList()
                    .cache();
            all.subscribe();

            await(
                    "one request at the server and one waiting",
                    () -> server.inFlight() + session.connectionStats().pending() == 2 && server.inFlight() >= 1);
            server.release();

            assertThat(blockOrDescribe(all, session)).containsExactly("released", "released");
            assertThat(server.peak()).isEqualTo(1);
        }
    }

    /** Waiting for the session-wide permit, or in the per-host pool's queue. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"limit", "limitPerHost"})
    void waitingForAConnectionIsNotChargedToSockRead(String which) {
        Duration sockRead = Duration.ofMillis(300);
        ClientSession.Builder builder = which.equals("limit")
                ? ClientSession.builder().limit(1)
                : ClientSession.builder().limit(10).limitPerHost(1);
        try (ClientSession session = builder.timeout(ClientTimeout.NONE.withSockRead(sockRead))
                        .build();
                ClientSession witness = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withSockRead(sockRead))
                        .build()) {
            Mono<ClientResponse> first = session.get(
                            server.held(),
                            RequestOptions.builder().timeout(ClientTimeout.NONE).build())
                    .cache();
            first.subscribe();
            await("the first request holds the only connection", () -> server.inFlight() == 1);
            Mono<ClientResponse> queued =
                    session.get(server.url("127.0.0.1", "/ok")).cache();
            queued.subscribe();
            await("the second request waits", () -> session.connectionStats().pending() == 1);

            // A witness request with the same sockRead started after the queued one: once its read
            // timeout has fired, the queued request has waited longer than its own sockRead.
            witness.get(server.url("localhost", "/held"))
                    .as(StepVerifier::create)
                    .expectError(TimeoutException.class)
                    .verify(GUARD);
            server.release();

            assertThat(queued.block(GUARD).text()).isEqualTo("ok");
            assertThat(first.block(GUARD).text()).isEqualTo("released");
        }
    }

    @Test
    void cancelledRequestsGiveBackTheirConnectionsAndPermits() {
        try (ClientSession session = ClientSession.builder().limit(100).build()) {
            for (int round = 1; round <= 10; round++) {
                List<Disposable> requests = Flux.range(0, 100)
                        .map(i -> session.get(server.held()).subscribe())
                        .collectList()
                        .block(GUARD);
                int expected = round * 100;
                await("100 more requests at the server", () -> server.arrived() == expected);
                requests.forEach(Disposable::dispose);
            }

            await("every connection back", () -> session.connectionStats().active() == 0);
            assertThat(session.connectionStats().pending()).isZero();
            // All 100 permits are free again: 100 requests at once still get through.
            List<String> after = Flux.range(0, 100)
                    .flatMap(i -> session.get(server.url("127.0.0.1", "/ok")))
                    .map(ClientResponse::text)
                    .collectList()
                    .block(GUARD);
            assertThat(after).hasSize(100).containsOnly("ok");
            await("the server saw every held request end", () -> server.inFlight() == 0);
        }
    }

    /** Blocks (hang guard only); on a hang, says what the pool and the server were doing. */
    private <T> T blockOrDescribe(Mono<T> mono, ClientSession session) {
        try {
            return mono.block(GUARD);
        } catch (IllegalStateException e) {
            throw new AssertionError(
                    "no result within " + GUARD + ": " + session.connectionStats() + ", server in flight "
                            + server.inFlight() + ", arrived " + server.arrived(),
                    e);
        }
    }
}
