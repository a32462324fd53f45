package dev.reactio.http;

import static dev.reactio.http.RawHttpServer.response;
import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.testsupport.LeakDetection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Every way a server can break HTTP/1.1 fails the request with a {@link ClientException} that
 * names the method and the URL, and the connection it came on is closed, never pooled: a
 * malformed head is {@link MalformedResponseException} (aiohttp's {@code ClientResponseError}
 * from {@code BadHttpMessage}), a broken or cut body {@link ClientPayloadException}
 * ({@code ClientPayloadError}), a connection closed before any answer
 * {@link ServerDisconnectedException} ({@code ServerDisconnectedError}).
 * Issue 12 ("Hostile peers"), item 4.
 */
class ClientSessionMalformedResponseTest {

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    /** Serves {@code bad} on the first connection, a good response after; checks the bad one's connection is gone. */
    private void failsAndDropsTheConnection(String bad, Consumer<Throwable> error) {
        try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
            if (req.connection() == 0) {
                reply.write(bad);
            } else {
                reply.write(response(200, "OK", "fine"));
            }
        })) {
            String url = server.url("/bad");
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ClientException.class);
                        error.accept(e);
                    })
                    .verify(GUARD);

            TestSupport.await("the client closed the bad connection", () -> server.closedByClient() == 1);
            assertThat(session.get(server.url("/good")).block(GUARD).text()).isEqualTo("fine");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    private static Consumer<Throwable> malformed(String detail) {
        return e -> assertThat(e)
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageStartingWith("Malformed response to GET http://127.0.0.1:")
                .hasMessageContaining("/bad: ")
                .hasMessageContaining(detail)
                .satisfies(m ->
                        assertThat(((MalformedResponseException) m).status()).isEqualTo(400));
    }

    private static Consumer<Throwable> payload(String detail) {
        return e -> assertThat(e)
                .isInstanceOf(ClientPayloadException.class)
                .hasMessageContaining("GET http://127.0.0.1:")
                .hasMessageContaining("/bad")
                .hasMessageContaining(detail);
    }

    @Nested
    class Head {

        // gh-12
        @Test
        void aStatusLineWithoutANumberIsMalformed() {
            failsAndDropsTheConnection("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n", malformed("abc"));
        }

        // gh-12
        @Test
        void somethingThatIsNotHttpIsMalformed() {
            failsAndDropsTheConnection("SSH-2.0-OpenSSH_9.6\r\n\r\n", malformed("SSH-2.0"));
        }

        // gh-12
        @Test
        void aNegativeContentLengthIsMalformed() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello", malformed("Content-Length"));
        }

        // gh-12
        @Test
        void twoDifferentContentLengthsAreMalformed() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                    malformed("Content-Length"));
        }

        // gh-12
        @Test
        void aHeaderSectionOver8KiBIsMalformed() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(9000) + "\r\nContent-Length: 0\r\n\r\n",
                    malformed("larger than"));
        }

        // gh-12
        @Test
        void aControlCharacterInAHeaderNameIsMalformed() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nX-B\u0001d: v\r\nContent-Length: 0\r\n\r\n", malformed("GET"));
        }
    }

    @Nested
    class Payload {

        // gh-12
        @Test
        void aBodyShorterThanItsContentLengthIsAPayloadError() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
                reply.close();
            })) {
                String url = server.url("/bad");
                session.get(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(ClientPayloadException.class)
                                .hasMessageStartingWith("Response payload from GET " + url + " is not complete: ")
                                .satisfies(p -> assertThat(((ClientPayloadException) p).url())
                                        .hasToString(url)))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void anInvalidChunkSizeIsAPayloadError() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n",
                    payload("Malformed response body from GET"));
        }

        // gh-12
        @Test
        void aChunkedBodyCutShortIsAPayloadError() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                reply.close();
            })) {
                session.get(server.url("/bad"))
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(payload("is not complete"))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void aGzipBodyThatIsNotGzipIsAPayloadError() {
            failsAndDropsTheConnection(
                    "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 20\r\n\r\n" + "this is not gzip!!!!",
                    payload("Malformed response body from GET"));
        }

        // gh-12
        @Test
        void aGzipBodyCutInTheMiddleIsAPayloadError() throws IOException {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write("x".repeat(10_000).getBytes());
            }
            byte[] whole = gz.toByteArray();
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write(
                        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + whole.length + "\r\n\r\n");
                reply.write(java.util.Arrays.copyOf(whole, whole.length / 2));
                reply.close();
            })) {
                session.get(server.url("/bad"))
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(payload("GET"))
                        .verify(GUARD);
            }
        }
    }

    @Nested
    class Disconnects {

        // gh-12
        @Test
        void aConnectionClosedBeforeAnyResponseIsServerDisconnected() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> reply.close())) {
                String url = server.url("/bad");
                session.get(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(ServerDisconnectedException.class)
                                .isInstanceOf(ClientConnectionException.class)
                                .hasMessageStartingWith("Server disconnected before it answered GET " + url))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void aConnectionClosedInTheMiddleOfTheHeadIsServerDisconnected() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 200 OK\r\nContent-Le");
                reply.close();
            })) {
                session.get(server.url("/bad"))
                        .as(StepVerifier::create)
                        .expectError(ServerDisconnectedException.class)
                        .verify(GUARD);
            }
        }
    }

    @Nested
    class Stream {

        // gh-12
        @Test
        void aMalformedHeadFailsTheStream() {
            try (RawHttpServer server = RawHttpServer.answering("HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n")) {
                session.stream(
                                "GET",
                                server.url("/bad"),
                                Body.empty(),
                                RequestOptions.none(),
                                StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(malformed("abc"))
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
            }
        }

        // gh-12
        @Test
        void aBrokenChunkFailsTheContent() {
            try (RawHttpServer server = RawHttpServer.answering(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n")) {
                session.stream(
                                "GET",
                                server.url("/bad"),
                                Body.empty(),
                                RequestOptions.none(),
                                resp -> resp.content().map(String::new))
                        .as(StepVerifier::create)
                        .expectNext("hello")
                        .expectErrorSatisfies(payload("Malformed response body from GET"))
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
            }
        }

        // gh-12
        @Test
        void aCutBodyFailsTheContent() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
                reply.close();
            })) {
                session.stream(
                                "GET",
                                server.url("/bad"),
                                Body.empty(),
                                RequestOptions.none(),
                                resp -> resp.content().map(String::new))
                        .as(StepVerifier::create)
                        .expectNext("short")
                        .expectErrorSatisfies(payload("is not complete"))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void aServerThatClosesAtOnceFailsTheStreamWithServerDisconnected() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> reply.close())) {
                session.stream(
                                "GET",
                                server.url("/bad"),
                                Body.empty(),
                                RequestOptions.none(),
                                StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectError(ServerDisconnectedException.class)
                        .verify(GUARD);
            }
        }
    }

    @Nested
    class WebSocketHandshake {

        // gh-12
        @Test
        void aMalformedHandshakeResponseIsMalformed() {
            try (RawHttpServer server = RawHttpServer.answering("HTTP/1.1 abc Switching\r\n\r\n")) {
                String url = "ws://127.0.0.1:" + server.port() + "/bad";
                session.wsConnect(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(MalformedResponseException.class)
                                .hasMessageStartingWith("Malformed response to GET " + url + ": "))
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
            }
        }

        // gh-12
        @Test
        void aServerThatClosesDuringTheHandshakeIsServerDisconnected() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> reply.close())) {
                session.wsConnect("ws://127.0.0.1:" + server.port() + "/bad")
                        .as(StepVerifier::create)
                        .expectError(ClientConnectionException.class)
                        .verify(GUARD);
            }
        }
    }

    // gh-12
    @Test
    void manyMalformedResponsesLeakNothing() {
        try (RawHttpServer server = RawHttpServer.answering(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n")) {
            Flux.range(0, 20)
                    .concatMap(i -> session.get(server.url("/bad"))
                            .onErrorResume(ClientPayloadException.class, e -> reactor.core.publisher.Mono.empty()))
                    .as(StepVerifier::create)
                    .expectComplete()
                    .verify(GUARD);
            TestSupport.await("every connection closed", () -> server.closedByClient() == 20);
            assertThat(session.connectionStats()).isEqualTo(new ClientSession.ConnectionStats(0, 0, 0));
            LeakDetection.assertNoLeaks();
        }
    }
}
