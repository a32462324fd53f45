package dev.reactio.http;

import static dev.reactio.http.RawHttpServer.response;
import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Credentials in URLs ({@code http://alice:s3cret@host/}) are sent as Basic auth, as aiohttp
 * does, and the password is never printed. Issue 12 ("Hostile peers"), item 2.
 */
class ClientSessionCredentialsTest {

    private static final String ALICE = new BasicAuth("alice", "s3cret").encode();

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    /** Answers every request with its own Authorization header (or "none") as the body. */
    private static RawHttpServer echoingAuthorization() {
        return RawHttpServer.start((req, reply) -> {
            String auth = req.header("Authorization");
            reply.write(response(200, "OK", auth == null ? "none" : auth));
        });
    }

    private static String withCredentials(RawHttpServer server, String userInfo, String path) {
        return "http://" + userInfo + "@127.0.0.1:" + server.port() + path;
    }

    @Nested
    class Sent {

        // gh-12
        @Test
        void credentialsInTheUrlAreSentAsBasicAuth() {
            try (RawHttpServer server = echoingAuthorization()) {
                ClientResponse resp = session.get(withCredentials(server, "alice:s3cret", "/private"))
                        .block(GUARD);

                assertThat(resp.text()).isEqualTo(ALICE);
            }
        }

        // gh-12
        @Test
        void credentialsArePercentDecoded() {
            try (RawHttpServer server = echoingAuthorization()) {
                ClientResponse resp = session.get(withCredentials(server, "al%20ice:p%40ss%3Aw+rd%C3%A9", "/"))
                        .block(GUARD);

                assertThat(resp.text()).isEqualTo(new BasicAuth("al ice", "p@ss:w+rdé").encode());
            }
        }

        // gh-12
        @Test
        void aLoginWithoutPasswordIsSentWithAnEmptyPassword() {
            try (RawHttpServer server = echoingAuthorization()) {
                ClientResponse resp =
                        session.get(withCredentials(server, "token", "/")).block(GUARD);

                assertThat(resp.text()).isEqualTo(new BasicAuth("token", "").encode());
            }
        }

        // gh-12
        @Test
        void urlCredentialsWinOverTheSessionAuth() {
            try (RawHttpServer server = echoingAuthorization();
                    ClientSession withAuth = ClientSession.builder()
                            .auth(new BasicAuth("session", "pw"))
                            .build()) {
                assertThat(withAuth.get(withCredentials(server, "alice:s3cret", "/"))
                                .block(GUARD)
                                .text())
                        .isEqualTo(ALICE);
                assertThat(withAuth.get(server.url("/")).block(GUARD).text())
                        .isEqualTo(new BasicAuth("session", "pw").encode());
            }
        }

        // gh-12
        @Test
        void credentialsInTheBaseUrlAreSentWithRelativeRequests() {
            try (RawHttpServer server = echoingAuthorization();
                    ClientSession based = ClientSession.builder()
                            .baseUrl(withCredentials(server, "alice:s3cret", "/api/"))
                            .build()) {
                ClientResponse resp = based.get("items").block(GUARD);

                assertThat(resp.text()).isEqualTo(ALICE);
                assertThat(resp.url()).hasToString(server.url("/api/items"));
            }
        }

        // gh-12
        @Test
        void streamSendsUrlCredentialsToo() {
            try (RawHttpServer server = echoingAuthorization()) {
                String body = session.stream(
                                "GET",
                                withCredentials(server, "alice:s3cret", "/"),
                                Body.empty(),
                                RequestOptions.none(),
                                resp -> resp.content().map(String::new))
                        .blockLast(GUARD);

                assertThat(body).isEqualTo(ALICE);
            }
        }

        // gh-12
        @Test
        void urlCredentialsAndAnAuthOptionCannotBeCombined() {
            try (RawHttpServer server = echoingAuthorization()) {
                RequestOptions auth = RequestOptions.builder()
                        .auth(new BasicAuth("bob", "other"))
                        .build();
                String url = withCredentials(server, "alice:s3cret", "/");

                session.get(url, auth)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessage("Cannot combine RequestOptions.auth with credentials in the URL "
                                        + withCredentials(server, "alice:***", "/")
                                        + " (aiohttp refuses it too): give one of them")
                                .hasMessageNotContaining("s3cret"))
                        .verify(GUARD);
                assertThat(server.requests()).isEmpty();
            }
        }

        // gh-12
        @Test
        void urlCredentialsAndAnAuthorizationHeaderCannotBeCombined() {
            try (RawHttpServer server = echoingAuthorization()) {
                RequestOptions bearer = RequestOptions.builder()
                        .header("Authorization", "Bearer t")
                        .build();

                session.get(withCredentials(server, "alice:s3cret", "/"), bearer)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageStartingWith(
                                        "Cannot combine an Authorization header with credentials in the URL")
                                .hasMessageNotContaining("s3cret"))
                        .verify(GUARD);
            }
        }
    }

    @Nested
    class NeverPrinted {

        // gh-12
        @Test
        void theResponseUrlAndTheRequestHaveNoCredentials() {
            try (RawHttpServer server = RawHttpServer.start(
                    (req, reply) -> reply.write(response(200, "OK", req.head().split("\r\n")[0])))) {
                ClientResponse resp = session.get(withCredentials(server, "alice:s3cret", "/p?q=1"))
                        .block(GUARD);

                assertThat(resp.url()).hasToString(server.url("/p?q=1"));
                assertThat(resp.url().getUserInfo()).isNull();
                assertThat(resp.toString()).doesNotContain("s3cret").doesNotContain("alice");
                assertThat(resp.text()).isEqualTo("GET /p?q=1 HTTP/1.1");
            }
        }

        // gh-12
        @Test
        void errorMessagesMaskThePassword() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> reply.close())) {
                String url = withCredentials(server, "alice:s3cret", "/gone");

                session.get(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(ClientConnectionException.class)
                                .hasMessageContaining(server.url("/gone"))
                                .hasMessageNotContaining("s3cret"))
                        .verify(GUARD);
            }
        }

        // gh-12
        @Test
        void anInvalidUrlMasksThePassword() {
            session.get("http://alice:s3cret@bad host/")
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(InvalidUrlException.class)
                                .hasMessageStartingWith("Invalid URL \"http://alice:***@bad host/\": ")
                                .hasMessageNotContaining("s3cret");
                        assertThat(((InvalidUrlException) e).url()).isEqualTo("http://alice:***@bad host/");
                    })
                    .verify(GUARD);
        }

        // gh-12
        @Test
        void aUrlWithoutSchemeMasksThePasswordToo() {
            session.get("alice:s3cret@example.com/x")
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(InvalidUrlException.class)
                            .hasMessageStartingWith("Invalid URL \"alice:***@example.com/x\": ")
                            .hasMessageNotContaining("s3cret"))
                    .verify(GUARD);
        }

        // gh-12
        @Test
        void anInvalidBaseUrlMasksThePassword() {
            assertThatThrownBy(() -> ClientSession.builder().baseUrl("ftp://alice:s3cret@host/"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ftp://alice:***@host/")
                    .hasMessageNotContaining("s3cret");
        }

        // gh-12
        @Test
        void aBadBasicAuthPasswordIsNotPrinted() {
            assertThatThrownBy(() -> new BasicAuth("alice", "s3cret\r\n"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("BasicAuth password contains CR at index 6 (header injection is refused)");
        }

        // gh-12
        @Test
        void totalTimeoutMessagesMaskThePassword() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> {})) { // never answers
                RequestOptions quick = RequestOptions.builder()
                        .timeout(ClientTimeout.total(java.time.Duration.ofMillis(200)))
                        .build();

                session.get(withCredentials(server, "alice:s3cret", "/slow"), quick)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(java.util.concurrent.TimeoutException.class)
                                .hasMessageContaining(server.url("/slow"))
                                .hasMessageNotContaining("s3cret"))
                        .verify(GUARD);
            }
        }
    }

    @Nested
    class Redirects {

        // gh-12
        @Test
        void credentialsInARedirectLocationAreNeitherSentNorPrinted() {
            try (RawHttpServer target = echoingAuthorization();
                    RawHttpServer redirecting =
                            redirectingTo("http://mallory:m4llory@127.0.0.1:" + target.port() + "/landing")) {
                ClientResponse resp = session.get(redirecting.url("/start")).block(GUARD);

                assertThat(resp.text()).isEqualTo("none");
                assertThat(resp.url()).hasToString(target.url("/landing"));
                assertThat(resp.history())
                        .singleElement()
                        .satisfies(h -> assertThat(h.url()).hasToString(redirecting.url("/start")));
            }
        }

        // gh-12
        @Test
        void urlCredentialsFollowASameOriginRedirectOnly() {
            try (RawHttpServer other = echoingAuthorization()) {
                String elsewhere = "http://localhost:" + other.port() + "/elsewhere";
                try (RawHttpServer server = RawHttpServer.start((req, reply) -> {
                    if (req.path().equals("/start")) {
                        reply.write("HTTP/1.1 302 Found\r\nLocation: /here\r\nContent-Length: 0\r\n\r\n");
                    } else if (req.path().equals("/away")) {
                        reply.write("HTTP/1.1 302 Found\r\nLocation: " + elsewhere + "\r\nContent-Length: 0\r\n\r\n");
                    } else {
                        String auth = req.header("Authorization");
                        reply.write(response(200, "OK", auth == null ? "none" : auth));
                    }
                })) {
                    assertThat(session.get(withCredentials(server, "alice:s3cret", "/start"))
                                    .block(GUARD)
                                    .text())
                            .isEqualTo(ALICE);
                    assertThat(session.get(withCredentials(server, "alice:s3cret", "/away"))
                                    .block(GUARD)
                                    .text())
                            .isEqualTo("none");
                }
            }
        }

        // gh-12
        @Test
        void anInvalidRedirectLocationMasksItsPassword() {
            try (RawHttpServer redirecting = redirectingTo("http://mallory:m4llory@bad host/")) {
                session.get(redirecting.url("/start"))
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(InvalidUrlException.class)
                                .hasMessageStartingWith("Invalid URL \"http://mallory:***@bad host/\": ")
                                .hasMessageNotContaining("m4llory"))
                        .verify(GUARD);
            }
        }
    }

    /** Answers every request with a 302 to {@code location}. */
    static RawHttpServer redirectingTo(String location) {
        return RawHttpServer.answering("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n");
    }
}
