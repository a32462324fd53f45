package dev.reactio.http;

import static dev.reactio.http.RawHttpServer.response;
import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Interim ({@code 1xx}) responses are skipped, as aiohttp skips them: the final response is the
 * one returned, and no response is left on a pooled connection for the next request to read.
 * Issue 12 ("Hostile peers"), item 1.
 */
class ClientSessionInterimResponseTest {

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    /** Answers each request with the {@code interims}, then {@code 200} with the request's path as the body. */
    private static RawHttpServer interimThenFinal(String... interims) {
        return RawHttpServer.start((req, reply) -> {
            for (String interim : interims) {
                reply.write(interim); // one write each: the final response arrives in a later read
            }
            reply.write(response(200, "OK", req.path()));
        });
    }

    // gh-12
    @Test
    void a102ProcessingIsSkippedAndTheFinalResponseReturned() {
        try (RawHttpServer server = interimThenFinal("HTTP/1.1 102 Processing\r\n\r\n")) {
            ClientResponse first = session.get(server.url("/a")).block(GUARD);
            ClientResponse second = session.get(server.url("/b")).block(GUARD);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("/a");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("/b");
        }
    }

    // gh-12
    @Test
    void severalEarlyHintsAreSkipped() {
        try (RawHttpServer server = interimThenFinal(
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
                "HTTP/1.1 103 Early Hints\r\nLink: </app.js>; rel=preload\r\n\r\n")) {
            for (int i = 0; i < 3; i++) {
                ClientResponse resp = session.get(server.url("/" + i)).block(GUARD);

                assertThat(resp.status()).isEqualTo(200);
                assertThat(resp.text()).isEqualTo("/" + i);
                assertThat(resp.headers().contains("Link"))
                        .as("headers of the final response only")
                        .isFalse();
            }
        }
    }

    // gh-12
    @Test
    void a100ContinueBeforeTheFinalResponseIsSkipped() {
        try (RawHttpServer server = interimThenFinal("HTTP/1.1 100 Continue\r\n\r\n")) {
            ClientResponse first =
                    session.post(server.url("/upload-1"), Body.text("data")).block(GUARD);
            ClientResponse second =
                    session.post(server.url("/upload-2"), Body.text("data")).block(GUARD);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("/upload-1");
            assertThat(second.text()).isEqualTo("/upload-2");
        }
    }

    // gh-12
    @Test
    void streamSkipsInterimResponsesToo() {
        try (RawHttpServer server =
                interimThenFinal("HTTP/1.1 102 Processing\r\n\r\n", "HTTP/1.1 103 Early Hints\r\n\r\n")) {
            String body = session.stream(
                            "GET",
                            server.url("/s"),
                            Body.empty(),
                            RequestOptions.none(),
                            resp -> resp.content()
                                    .map(b -> resp.status() + ":" + new String(b, StandardCharsets.UTF_8)))
                    .collectList()
                    .map(l -> String.join("", l))
                    .block(GUARD);

            assertThat(body).isEqualTo("200:/s");
        }
    }

    // gh-12
    @Test
    void aSwitchingProtocolsAnswerToAPlainRequestFailsAndDropsTheConnection() {
        try (RawHttpServer server = RawHttpServer.answering(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\nbinary garbage")) {
            String url = server.url("/plain");
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(MalformedResponseException.class)
                            .hasMessageStartingWith("Malformed response to GET " + url + ": ")
                            .hasMessageContaining("101"))
                    .verify(GUARD);

            TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
            assertThat(session.connectionStats().idle()).isZero();
        }
    }

    // gh-12
    @Test
    void aResponseNobodyAskedForClosesTheConnection() {
        // Two responses to one request: the second must not wait in the pool for the next request.
        try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
            if (req.connection() == 0) {
                reply.write(response(200, "OK", "answer") + response(200, "OK", "stale"));
            } else {
                reply.write(response(200, "OK", "fresh"));
            }
        })) {
            assertThat(session.get(server.url("/1")).map(ClientResponse::text).block(GUARD))
                    .isEqualTo("answer");
            TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);

            assertThat(session.get(server.url("/2")).map(ClientResponse::text).block(GUARD))
                    .isEqualTo("fresh");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    // gh-12
    @Test
    void manyRequestsNeverGetAnotherRequestsAnswer() {
        try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
            reply.write("HTTP/1.1 102 Processing\r\n\r\n");
            reply.write(response(200, "OK", req.path()));
        })) {
            Mono<Void> all = Mono.when(java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> session.get(server.url("/r" + i))
                            .doOnNext(resp -> assertThat(resp.text()).isEqualTo("/r" + i)))
                    .toList());
            all.as(StepVerifier::create).expectComplete().verify(GUARD);
        }
    }
}
