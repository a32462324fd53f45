package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** The security defaults of API.md: TLS verified, credentials kept to their origin, no header injection, bounded bodies. */
class ClientSessionSecurityTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    @Nested
    class Tls {

        @Test
        void aSelfSignedCertificateIsRejectedByDefaultAndAcceptedWhenTrusted() throws Exception {
            X509Bundle cert = new CertificateBuilder()
                    .subject("CN=localhost")
                    .addSanDnsName("localhost")
                    .setIsCertificateAuthority(true)
                    .buildSelfSigned();
            SslContext serverSsl =
                    SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
            DisposableServer https = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .secure(spec -> spec.sslContext(serverSsl))
                    .handle((req, res) -> res.sendString(Mono.just("secret")))
                    .bindNow();
            String url = "https://localhost:" + https.port() + "/";
            try (ClientSession verifying = ClientSession.create();
                    ClientSession trusting = ClientSession.builder()
                            .ssl(SslContextBuilder.forClient()
                                    .trustManager(cert.toTrustManagerFactory())
                                    .build())
                            .build()) {
                verifying
                        .get(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(ClientConnectionException.class)
                                .hasMessageContaining(url)
                                .hasStackTraceContaining(SSLHandshakeException.class.getName()))
                        .verify(GUARD);

                ClientResponse resp = trusting.get(url).block(GUARD);
                assertThat(resp.status()).isEqualTo(200);
                assertThat(resp.text()).isEqualTo("secret");
            } finally {
                https.disposeNow();
            }
        }
    }

    @Nested
    class CrossOriginRedirects {

        @Test
        void authorizationAndCookiesAreNotSentToAnotherHost() {
            List<HttpHeaders> seen = new CopyOnWriteArrayList<>();
            DisposableServer other = TestSupport.server((req, res) -> {
                seen.add(req.requestHeaders().copy());
                return res.sendString(Mono.just("other"));
            });
            try (ClientSession session = ClientSession.builder()
                    .auth(new BasicAuth("user", "pass"))
                    .header("Cookie", "explicit=1")
                    .header("X-Kept", "yes")
                    .build()) {
                session.get(httpbin.baseUrl() + "/cookies/set?jar=1").block(GUARD);
                String target = "http://localhost:" + other.port() + "/landing";
                RequestOptions withToken = RequestOptions.builder()
                        .header("Authorization", "Bearer token")
                        .build();

                ClientResponse resp = session.get(
                                httpbin.baseUrl() + "/redirect-to?url="
                                        + URLEncoder.encode(target, StandardCharsets.UTF_8),
                                withToken)
                        .block(GUARD);

                assertThat(resp.text()).isEqualTo("other");
                assertThat(seen).singleElement().satisfies(h -> {
                    assertThat(h.contains("Authorization")).isFalse();
                    assertThat(h.contains("Cookie")).isFalse();
                    assertThat(h.get("X-Kept")).isEqualTo("yes");
                });
            } finally {
                other.disposeNow();
            }
        }

        @Test
        void authorizationAndCookiesStayOnASameOriginRedirect() {
            try (ClientSession session =
                    ClientSession.builder().auth(new BasicAuth("user", "pass")).build()) {
                session.get(httpbin.baseUrl() + "/cookies/set?jar=1").block(GUARD);

                var headers = session.get(httpbin.baseUrl() + "/redirect-to?url=/headers")
                        .block(GUARD)
                        .json()
                        .get("headers");

                assertThat(headers.get("Authorization").asString()).isEqualTo(new BasicAuth("user", "pass").encode());
                assertThat(headers.get("Cookie").asString()).isEqualTo("jar=1");
            }
        }
    }

    @Nested
    class HeaderInjection {

        @Test
        void crOrLfInARequestHeaderValueIsRejectedAtOnce() {
            assertThatThrownBy(() -> RequestOptions.builder().header("X-A", "v\r\nX-Injected: 1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "value of header X-A contains CR at index 1: \"v\\r\\nX-Injected: 1\" (header injection is refused)");
            assertThatThrownBy(() -> RequestOptions.builder().header("X-A", "v\nX"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("contains LF");
        }

        @Test
        void crOrLfInAHeaderNameIsRejectedAtOnce() {
            assertThatThrownBy(() -> RequestOptions.builder().header("X-A\r\nX-B", "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("illegal character at index 3");
            assertThatThrownBy(() -> ClientSession.builder().header("X\nB", "v"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void crOrLfInSessionHeadersAuthAndContentTypesIsRejectedAtOnce() {
            assertThatThrownBy(() -> ClientSession.builder().header("X-A", "a\rb"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new BasicAuth("u", "p\r\n")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Body.bytes(new byte[0], "text/plain\r\nX: y"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class HeaderCharacters {

        // gh-12
        @Test
        void aCharacterAboveU00FFInARequestHeaderValueIsRejectedAtOnce() {
            assertThatThrownBy(() -> RequestOptions.builder().header("X-Name", "Zo\u00eb \u2713"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "value of header X-Name contains U+2713 at index 4: \"Zo\u00eb \u2713\" (a header is sent as "
                                    + "ISO-8859-1: characters above U+00FF cannot be; encode the value, e.g. percent-encoding or RFC 8187)");
            assertThatThrownBy(() -> RequestOptions.builder().headers(java.util.Map.of("X-Emoji", "\ud83d\ude00")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("value of header X-Emoji contains U+D83D");
        }

        // gh-12
        @Test
        void aCharacterAboveU00FFInASessionHeaderContentTypeOrCookieIsRejectedAtOnce() {
            assertThatThrownBy(() -> ClientSession.builder().header("X-A", "\u20ac"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("value of header X-A contains U+20AC at index 0");
            assertThatThrownBy(() -> Body.bytes(new byte[0], "text/plain; name=\u2713"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("value of header Content-Type contains U+2713");
            assertThatThrownBy(() -> new CookieJar().setCookie(java.net.URI.create("http://h/"), "k", "\u2713"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cookie value contains U+2713");
            assertThatThrownBy(() -> ClientSession.builder().header("X-\u00e9", "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("illegal character at index 2");
        }

        // gh-12
        @Test
        void latin1HeaderValuesAndUnicodePasswordsAreSentIntact() {
            try (RawHttpServer server = RawHttpServer.start((req, reply) -> reply.write(RawHttpServer.response(
                            200, "OK", req.header("X-Name") + "|" + req.header("Authorization"))));
                    ClientSession session = ClientSession.create()) {
                RequestOptions options = RequestOptions.builder()
                        .header("X-Name", "Zo\u00eb")
                        .auth(new BasicAuth("alice", "p\u00e4ss\u2713"))
                        .build();

                String echoed =
                        session.get(server.url("/"), options).block(GUARD).text();

                // the server read the header's bytes as ISO-8859-1: one byte for the e with diaeresis
                assertThat(echoed).isEqualTo("Zo\u00eb|" + new BasicAuth("alice", "p\u00e4ss\u2713").encode());
            }
        }
    }

    @Nested
    class MaxResponseSize {

        @Test
        void aDeclaredLengthOverTheLimitFailsBeforeReading() {
            try (ClientSession session =
                    ClientSession.builder().maxResponseSize(1000).build()) {
                String url = httpbin.baseUrl() + "/bytes/1001";
                session.get(url)
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(
                                e -> assertThat(e)
                                        .isInstanceOf(ResponseTooLargeException.class)
                                        .hasMessage(
                                                "Response body from " + url
                                                        + " is larger than maxResponseSize (1000 bytes): "
                                                        + "Content-Length is 1001; raise ClientSession.builder().maxResponseSize(...) or use stream(...)"))
                        .verify(GUARD);
                assertThat(session.get(httpbin.baseUrl() + "/bytes/1000")
                                .block(GUARD)
                                .body())
                        .hasSize(1000);
                TestSupport.await(
                        "no connection lent", () -> session.connectionStats().active() == 0);
            }
        }

        @Test
        void aChunkedBodyOverTheLimitFails() {
            try (ClientSession session =
                    ClientSession.builder().maxResponseSize(1000).build()) {
                session.get(httpbin.baseUrl() + "/stream/100")
                        .as(StepVerifier::create)
                        .expectErrorSatisfies(e -> assertThat(e)
                                .isInstanceOf(ResponseTooLargeException.class)
                                .hasMessageContaining("/stream/100")
                                .hasMessageContaining("(1000 bytes)"))
                        .verify(GUARD);
                TestSupport.await(
                        "no connection lent", () -> session.connectionStats().active() == 0);
            }
        }

        @Test
        void aHeadResponseIsNotJudgedByTheLengthOfTheBodyItWouldHave() {
            DisposableServer big = TestSupport.server(
                    (req, res) -> res.header("Content-Length", "5000").send());
            try (ClientSession session =
                    ClientSession.builder().maxResponseSize(1000).build()) {
                ClientResponse resp = session.head(TestSupport.url(big, "/big")).block(GUARD);

                assertThat(resp.status()).isEqualTo(200);
                assertThat(resp.headers().get("Content-Length")).isEqualTo("5000");
                assertThat(resp.body()).isEmpty();
            } finally {
                big.disposeNow();
            }
        }

        @Test
        void cancellingWhileTheBodyIsReadClosesTheConnection() {
            Sinks.Empty<Void> serverDone = Sinks.empty();
            Sinks.Empty<Void> firstChunkSent = Sinks.empty();
            byte[] chunk = new byte[1024];
            DisposableServer endless =
                    TestSupport.server((req, res) -> res.sendByteArray(Flux.<byte[]>generate(sink -> sink.next(chunk))
                                    .doOnNext(c -> firstChunkSent.tryEmitEmpty()))
                            .then()
                            .doFinally(s -> serverDone.tryEmitEmpty()));
            try (ClientSession session = ClientSession.create()) {
                session.get(TestSupport.url(endless, "/"))
                        .as(StepVerifier::create)
                        .expectSubscription()
                        .then(() -> firstChunkSent.asMono().block(GUARD))
                        .thenCancel()
                        .verify(GUARD);

                serverDone.asMono().as(StepVerifier::create).expectComplete().verify(GUARD);
                TestSupport.await(
                        "no connection lent or kept",
                        () -> session.connectionStats().active() == 0
                                && session.connectionStats().idle() == 0);
            } finally {
                endless.disposeNow();
            }
        }

        @Test
        void anEndlessBodyFailsAndItsConnectionIsClosed() {
            AtomicLong sent = new AtomicLong();
            Sinks.Empty<Void> serverDone = Sinks.empty();
            byte[] chunk = new byte[8192];
            DisposableServer endless = TestSupport.server((req, res) -> res.sendByteArray(
                            Flux.<byte[]>generate(sink -> sink.next(chunk)).doOnNext(c -> sent.addAndGet(c.length)))
                    // the handler's end means the connection was closed under it
                    .then()
                    .doFinally(s -> serverDone.tryEmitEmpty()));
            try (ClientSession session =
                    ClientSession.builder().maxResponseSize(64 * 1024).build()) {
                session.get(TestSupport.url(endless, "/"))
                        .as(StepVerifier::create)
                        .expectError(ResponseTooLargeException.class)
                        .verify(GUARD);

                serverDone.asMono().as(StepVerifier::create).expectComplete().verify(GUARD);
                TestSupport.await(
                        "no connection lent or kept",
                        () -> session.connectionStats().active() == 0
                                && session.connectionStats().idle() == 0);
                assertThat(sent.get()).as("bytes the server managed to send").isLessThan(64L * 1024 * 1024);
            } finally {
                endless.disposeNow();
            }
        }
    }
}
