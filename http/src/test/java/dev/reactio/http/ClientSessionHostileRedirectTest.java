package dev.reactio.http;

import static dev.reactio.http.RawHttpServer.response;
import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.testsupport.LeakDetection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * Redirects and error answers from a hostile server: a {@code Location} without a host, and
 * bodies nobody reads that never end. Issue 12 ("Hostile peers"), items 3 and 5.
 */
class ClientSessionHostileRedirectTest {

    private static final byte[] CHUNK = "x".repeat(8192).getBytes(StandardCharsets.ISO_8859_1);

    private final ClientSession session =
            ClientSession.builder().maxResponseSize(256 * 1024).build();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    @Nested
    class WithoutHost {

        // gh-12
        @ParameterizedTest
        @ValueSource(strings = {"http://my_host:8080/", "http:///x", "http://:80/x"})
        void aRedirectToAUrlWithoutHostFailsWithInvalidUrlException(String location) {
            try (RawHttpServer server = RawHttpServer.answering(
                    "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n")) {
                session.get(server.url("/start"))
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(InvalidUrlException.class)
                                .hasMessageStartingWith("Invalid URL \"" + location + "\": redirect from "
                                        + server.url("/start") + " to a URL without a host"))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void theMessageSaysWhyAnUnderscoreHostIsNoHost() {
            try (RawHttpServer server = RawHttpServer.answering(
                    "HTTP/1.1 301 Moved\r\nLocation: http://my_host:8080/\r\nContent-Length: 0\r\n\r\n")) {
                session.get(server.url("/start"))
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .hasMessageEndingWith(
                                        ": \"my_host:8080\" is not a valid host[:port] (a host name may hold letters, digits, "
                                                + "'-' and '.' only; java.net.URI refuses '_')"))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void streamFailsTheSameWayAndFreesTheConnection() {
            try (RawHttpServer server = RawHttpServer.answering(
                    "HTTP/1.1 302 Found\r\nLocation: http://my_host:8080/\r\nContent-Length: 0\r\n\r\n")) {
                session.stream(
                                "GET",
                                server.url("/start"),
                                Body.empty(),
                                RequestOptions.none(),
                                StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectError(InvalidUrlException.class)
                        .verify(GUARD);
                TestSupport.await(
                        "no connection lent", () -> session.connectionStats().active() == 0);
            }
        }

        // gh-12: found while fixing the cookie jar; the redirect's body leaked when the Location failed to parse
        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.com/x", "http://my_host:8080/", "http://[::1/x"})
        void streamWithARedirectBodyToAnUnusableLocationLeaksNothing(String location) {
            try (RawHttpServer server = RawHttpServer.answering(
                    "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 5\r\n\r\nhello")) {
                session.stream(
                                "GET",
                                server.url("/start"),
                                Body.empty(),
                                RequestOptions.none(),
                                StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectError(ClientException.class)
                        .verify(GUARD);
                TestSupport.await(
                        "no connection lent", () -> session.connectionStats().active() == 0);
            }
            LeakDetection.assertNoLeaks();
        }

        // gh-12
        @ParameterizedTest
        @ValueSource(strings = {"http://my_host:8080/", "http:///x", "http://user:pw@/x"})
        void aRequestUrlWithoutHostFailsWithInvalidUrlException(String url) {
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(InvalidUrlException.class)
                            .hasMessageContaining("no host")
                            .hasMessageNotContaining("pw"))
                    .verify(GUARD);
        }

        // gh-12
        @Test
        void aRelativeUrlThatNamesAHostlessAuthorityFailsWithInvalidUrlException() {
            try (ClientSession based =
                    ClientSession.builder().baseUrl("http://127.0.0.1:1/api/").build()) {
                based.get("//my_host/x")
                        .as(StepVerifier::create)
                        .expectError(InvalidUrlException.class)
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void aBaseUrlWithoutHostIsRefused() {
            assertThatThrownBy(() -> ClientSession.builder().baseUrl("http://my_host:8080/"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "baseUrl: Invalid URL \"http://my_host:8080/\": no host: \"my_host:8080\" is not");
        }
    }

    @Nested
    class EndlessBodies {

        /** A 302 to {@code /landing} with a body that never ends; {@code /landing} answers "landed". */
        private RawHttpServer endlessRedirect(String framing) {
            return RawHttpServer.start((req, reply) -> {
                if (req.path().equals("/landing")) {
                    reply.write(response(200, "OK", "landed"));
                } else {
                    reply.write("HTTP/1.1 302 Found\r\nLocation: /landing\r\n" + framing + "\r\n");
                    reply.endless(CHUNK);
                }
            });
        }

        // gh-12
        @Test
        void streamFollowsARedirectWithAnEndlessBodyWithoutDownloadingIt() {
            try (RawHttpServer server = endlessRedirect("")) { // no length: the body ends when the connection does
                String body = session.stream(
                                "GET",
                                server.url("/start"),
                                Body.empty(),
                                RequestOptions.builder()
                                        .timeout(ClientTimeout.NONE)
                                        .build(),
                                resp -> resp.content().map(b -> new String(b, StandardCharsets.UTF_8)))
                        .collectList()
                        .map(l -> String.join("", l))
                        .block(GUARD);

                assertThat(body).isEqualTo("landed");
                TestSupport.await("the client closed the redirect's connection", () -> server.closedByClient() == 1);
                assertThat(server.bytesSent())
                        .as("bytes the server managed to send")
                        .isLessThan(16L * 1024 * 1024);
            }
        }

        // gh-12
        @Test
        void streamFollowsARedirectThatAnnouncesAHugeBodyWithoutReadingIt() {
            try (RawHttpServer server = endlessRedirect("Content-Length: 1099511627776\r\n")) {
                String body = session.stream(
                                "GET",
                                server.url("/start"),
                                Body.empty(),
                                RequestOptions.none(),
                                resp -> resp.content().map(b -> new String(b, StandardCharsets.UTF_8)))
                        .collectList()
                        .map(l -> String.join("", l))
                        .block(GUARD);

                assertThat(body).isEqualTo("landed");
                TestSupport.await("the client closed the redirect's connection", () -> server.closedByClient() == 1);
            }
        }

        // gh-12
        @Test
        void streamStillReusesTheConnectionOfARedirectWithASmallBody() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                if (req.path().equals("/landing")) {
                    reply.write(response(200, "OK", "landed"));
                } else {
                    reply.write("HTTP/1.1 302 Found\r\nLocation: /landing\r\nContent-Length: 11\r\n\r\nmoved there");
                }
            })) {
                String body = session.stream(
                                "GET",
                                server.url("/start"),
                                Body.empty(),
                                RequestOptions.none(),
                                resp -> resp.content().map(b -> new String(b, StandardCharsets.UTF_8)))
                        .collectList()
                        .map(l -> String.join("", l))
                        .block(GUARD);

                assertThat(body).isEqualTo("landed");
                // every connection the server saw is kept (the next hop may have been quicker than
                // the redirect's connection going back to the pool, so there may be two)
                TestSupport.await(
                        "every connection idle in the pool",
                        () -> session.connectionStats().idle() == server.connections());
                assertThat(server.closedByClient()).isZero();
            }
        }

        // gh-12
        @Test
        void getFailsARedirectWithAnEndlessBodyAtMaxResponseSize() {
            try (RawHttpServer server = endlessRedirect("")) {
                // get() keeps a redirect's body in history(): bounded like any body it reads
                session.get(
                                server.url("/start"),
                                RequestOptions.builder()
                                        .timeout(ClientTimeout.NONE)
                                        .build())
                        .as(StepVerifier::create)
                        .expectError(ResponseTooLargeException.class)
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
                assertThat(server.bytesSent()).isLessThan(16L * 1024 * 1024);
            }
        }

        // gh-12
        @Test
        void getDoesNotReadAnEndlessErrorBodyWhenRaiseForStatusFailsIt() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 500 Internal Server Error\r\n\r\n");
                reply.endless(CHUNK);
            })) {
                String url = server.url("/boom");
                session.get(
                                url,
                                RequestOptions.builder()
                                        .raiseForStatus(true)
                                        .timeout(ClientTimeout.NONE)
                                        .build())
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isExactlyInstanceOf(ClientResponseException.class)
                                .hasMessage("500 Internal Server Error for " + url))
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
            }
        }

        // gh-12
        @Test
        void streamDoesNotReadAnEndlessErrorBodyWhenRaiseForStatusFailsIt() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                reply.write("HTTP/1.1 503 Service Unavailable\r\n\r\n");
                reply.endless(CHUNK);
            })) {
                session.stream(
                                "GET",
                                server.url("/boom"),
                                Body.empty(),
                                RequestOptions.builder()
                                        .raiseForStatus(true)
                                        .timeout(ClientTimeout.NONE)
                                        .build(),
                                StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectError(ClientResponseException.class)
                        .verify(GUARD);
                TestSupport.await("the client closed the connection", () -> server.closedByClient() == 1);
                TestSupport.await(
                        "no connection lent", () -> session.connectionStats().active() == 0);
            }
        }

        // gh-12
        @Test
        void raiseForStatusStillReusesTheConnectionOfASmallErrorBody() {
            try (RawHttpServer server = RawHttpServer.answering(response(404, "Not Found", "no such thing"))) {
                RequestOptions raise =
                        RequestOptions.builder().raiseForStatus(true).build();
                for (int i = 0; i < 3; i++) {
                    session.get(server.url("/missing-" + i), raise)
                            .as(StepVerifier::create)
                            .expectError(ClientResponseException.class)
                            .verify(GUARD);
                    TestSupport.await(
                            "connection back in the pool",
                            () -> session.connectionStats().idle() == 1);
                }
                assertThat(server.connections()).isEqualTo(1);
            }
        }

        // gh-12
        @Test
        void tooManyRedirectsUnderStreamClosesTheLastRedirectsConnection() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                        reply.write("HTTP/1.1 302 Found\r\nLocation: /again\r\n\r\n");
                        reply.endless(CHUNK);
                    });
                    ClientSession one =
                            ClientSession.builder().followRedirects(1).build()) {
                one.stream("GET", server.url("/start"), Body.empty(), RequestOptions.none(), StreamingResponse::content)
                        .as(StepVerifier::create)
                        .expectError(TooManyRedirectsException.class)
                        .verify(GUARD);
                TestSupport.await("the client closed both connections", () -> server.closedByClient() == 2);
                TestSupport.await(
                        "no connection lent", () -> one.connectionStats().active() == 0);
            }
        }
    }
}
