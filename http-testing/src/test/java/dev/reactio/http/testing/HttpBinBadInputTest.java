package dev.reactio.http.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link HttpBinServer} answers to requests that a test server still sees from clients it
 * does not control: HEAD, interim status codes, malformed escapes, cookies that cannot be set,
 * out-of-range numbers. Client input never gets a 500, and the connection stays usable after
 * every 4xx that does not say {@code Connection: close}. (gh-12)
 */
class HttpBinBadInputTest {

    private static HttpBinServer server;

    @BeforeAll
    static void start() {
        server = HttpBinServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawClient.Response get(String target) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.write("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n")
                    .read();
        }
    }

    @Nested
    class Head {

        // gh-12: HEAD on every GET route answered 404
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/get?a=1",
                    "/headers",
                    "/ip",
                    "/user-agent",
                    "/json",
                    "/bytes/10?seed=1",
                    "/cookies",
                    "/redirect/2",
                    "/relative-redirect/1",
                    "/absolute-redirect/1",
                    "/cookies/set?a=1",
                    "/cookies/set/a/1",
                    "/cookies/delete?a",
                    "/basic-auth/u/p",
                    "/status/418",
                    "/delay/0",
                    "/redirect-to?url=/get"
                })
        void headAnswersLikeGetWithoutABody(String target) throws Exception {
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Response get = client.write("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read();
                RawClient.Response head = client.write("HEAD " + target + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read(true);
                // A body after the HEAD response would be read as the start of this one.
                RawClient.Response next =
                        client.write("GET /ip HTTP/1.1\r\nHost: h\r\n\r\n").read();

                assertThat(head.status()).isEqualTo(get.status());
                assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
                assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
                assertThat(next.status()).isEqualTo(200);
                assertThat(next.text()).isEqualTo("{\"origin\":\"127.0.0.1\"}");
            }
        }

        // Their bodies name the method, so HEAD's Content-Length is GET's plus one.
        @ParameterizedTest
        @ValueSource(strings = {"/gzip", "/anything"})
        void headOnRoutesThatEchoTheMethodSendsTheHeadersOnly(String target) throws Exception {
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Response get = client.write("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read();
                RawClient.Response head = client.write("HEAD " + target + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read(true);
                RawClient.Response next =
                        client.write("GET /ip HTTP/1.1\r\nHost: h\r\n\r\n").read();

                assertThat(head.status()).isEqualTo(200);
                assertThat(Integer.parseInt(head.header("Content-Length")))
                        .isEqualTo(Integer.parseInt(get.header("Content-Length")) + 1);
                assertThat(next.text()).isEqualTo("{\"origin\":\"127.0.0.1\"}");
            }
        }

        @Test
        void headOnStreamSendsTheHeadersOnly() throws Exception {
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Response head = client.write("HEAD /stream/3 HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read(true);
                RawClient.Response next =
                        client.write("GET /ip HTTP/1.1\r\nHost: h\r\n\r\n").read();

                assertThat(head.status()).isEqualTo(200);
                assertThat(head.header("Content-Type")).isEqualTo("application/json");
                assertThat(next.text()).isEqualTo("{\"origin\":\"127.0.0.1\"}");
            }
        }

        @Test
        void headOnABodyRouteIsStillNotFound() throws Exception {
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.write("HEAD /post HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read(true)
                                .status())
                        .isEqualTo(404);
            }
        }
    }

    @Nested
    class InterimStatus {

        // gh-12: /status/100 to /status/103 were sent as final responses: 100 and 103 never ended
        // (no framing), 101 switched nothing. Real httpbin sends them and closes the connection,
        // which a client takes for an interim response followed by a dropped connection.
        @ParameterizedTest
        @ValueSource(ints = {100, 101, 102, 103, 199})
        void informationalCodesAreRejected(int code) throws Exception {
            try (RawClient client = new RawClient(server.port())) {
                RawClient.Response response = client.write("GET /status/" + code + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read();
                RawClient.Response next = client.write("GET /status/204 HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read();

                assertThat(response.status()).isEqualTo(400);
                assertThat(response.text())
                        .isEqualTo("Invalid status code: " + code
                                + " is informational (1xx), which cannot be a final response");
                assertThat(next.status()).isEqualTo(204);
            }
        }

        @Test
        void aListWithAnInformationalCodeIsRejected() throws Exception {
            assertThat(get("/status/200,100").status()).isEqualTo(400);
        }

        // "/status/," split into no choices at all, and picking one of none threw: 500
        @ParameterizedTest
        @ValueSource(strings = {"/status/,", "/status/200,", "/status/%25zz", "/status/99", "/status/600"})
        void anEmptyOrInvalidChoiceIsRejected(String target) throws Exception {
            RawClient.Response response = get(target);

            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.text()).isEqualTo("Invalid status code");
        }
    }

    @Nested
    class Teapot {

        // gh-12: 418 had an empty body; httpbin's helpers.py ASCII_ART, byte for byte
        @Test
        void status418SendsHttpbinsTeapot() throws Exception {
            RawClient.Response response = get("/status/418");

            assertThat(response.status()).isEqualTo(418);
            assertThat(response.header("x-more-info")).isEqualTo("http://tools.ietf.org/html/rfc2324");
            assertThat(response.text())
                    .isEqualTo(String.join(
                            "\n",
                            "",
                            "    -=[ teapot ]=-",
                            "",
                            "       _...._",
                            "     .'  _ _ `.",
                            "    | .\"` ^ `\". _,",
                            "    \\_;`\"---\"`|//",
                            "      |       ;/",
                            "      \\_     _/",
                            "        `\"\"\"`",
                            ""));
            assertThat(response.body()).hasSize(135);
        }
    }

    @Nested
    class Escapes {

        // gh-12: a malformed percent-escape threw IllegalArgumentException out of the handler: 500
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/get?a=%zz",
                    "/get?a=%",
                    "/anything?x=%4",
                    "/stream/1?a=%zz",
                    "/cookies/set?a=%zz",
                    "/cookies/delete?%zz",
                    "/redirect-to?url=%zz",
                    "/redirect/1?absolute=%zz",
                    "/bytes/1?seed=%zz"
                })
        void aBadEscapeInTheQueryIsABadRequest(String target) throws Exception {
            RawClient.Response response = get(target);

            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.text()).as(target).startsWith("Invalid percent-encoding in the query string");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/status/%zz",
                    "/delay/%zz",
                    "/anything/%zz",
                    "/bytes/%zz",
                    "/stream/%z",
                    "/basic-auth/%zz/p",
                    "/cookies/set/%zz/v",
                    "/redirect/%zz",
                    "/get%zz"
                })
        void aBadEscapeInThePathIsABadRequest(String target) throws Exception {
            RawClient.Response response = get(target);

            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.text()).as(target).startsWith("Invalid request target");
        }

        @Test
        void aTargetThatIsNoUriIsABadRequest() throws Exception {
            RawClient.Response response = get("/get{x}");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).startsWith("Invalid request target");
        }
    }

    @Nested
    class Cookies {

        // gh-12: a name with ';' or '=' set another attribute (or a second cookie), and CR, LF or
        // other controls threw from the header validation: 500
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/cookies/set?a%3Bb=1",
                    "/cookies/set?a%3Db=1",
                    "/cookies/set?a%20b=1",
                    "/cookies/set/a%3Bb/c",
                    "/cookies/delete?a%3Bb",
                    "/cookies/delete?a%0D%0AX"
                })
        void aNameThatIsNoTokenIsABadRequest(String target) throws Exception {
            RawClient.Response response = get(target);

            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.text()).as(target).startsWith("Invalid cookie name");
            assertThat(response.header("Set-Cookie")).isNull();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/cookies/set?a=1%0D%0AX:1",
                    "/cookies/set?a=1%3B%20Domain%3Devil",
                    "/cookies/set?a=%00",
                    "/cookies/set/a/%E2%82%AC"
                })
        void aValueThatCannotBeSentIsABadRequest(String target) throws Exception {
            RawClient.Response response = get(target);

            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.text()).as(target).startsWith("Invalid cookie value");
            assertThat(response.header("Set-Cookie")).isNull();
        }

        @Test
        void ordinaryValuesStillWork() throws Exception {
            RawClient.Response response = get("/cookies/set?a=hello%20world&b=x%2Cy&c=%22q%22");

            assertThat(response.status()).isEqualTo(302);
            assertThat(response.headers().get("set-cookie"))
                    .containsExactlyInAnyOrder("a=hello world; Path=/", "b=x,y; Path=/", "c=\"q\"; Path=/");
        }
    }

    @Nested
    class Redirects {

        // gh-12: a control character in url= threw from the header validation: 500
        @ParameterizedTest
        @ValueSource(strings = {"%00", "a%09b", "%7F"})
        void aControlCharacterInTheTargetIsABadRequest(String url) throws Exception {
            RawClient.Response response = get("/redirect-to?url=" + url);

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("Invalid redirect target");
        }

        // Netty writes a header char as one byte, so U+20AC went out as '?'
        @Test
        void aNonAsciiTargetIsSentPercentEncoded() throws Exception {
            RawClient.Response response = get("/redirect-to?url=/caf%C3%A9%E2%82%AC");

            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("Location")).isEqualTo("/caf%C3%A9%E2%82%AC");
        }

        @Test
        void aHugeCountStillRedirects() throws Exception {
            RawClient.Response response = get("/redirect/99999999999999999999");

            assertThat(response.status()).isEqualTo(302);
            assertThat(response.header("Location")).isEqualTo("/relative-redirect/99999999999999999998");
        }
    }

    @Nested
    class Targets {

        // The absolute form (RFC 9112, section 3.2.2) was appended to the Host: "http://hhttp://..."
        @Test
        void anAbsoluteFormTargetIsTheUrl() throws Exception {
            RawClient.Response response = get("http://example.com/get?a=1");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).contains("\"url\":\"http://example.com/get?a=1\"");
        }

        // A path segment was decoded twice (fullPath() is decoded already): %25zz became %zz: 500
        @Test
        void anEscapedPercentIsDecodedOnce() throws Exception {
            RawClient.Response response = get("/delay/%2531");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).isEqualTo("Invalid delay");
        }
    }

    @Nested
    class Numbers {

        // httpbin caps /bytes at 100 KiB and /stream at 100 lines, whatever the number's size
        @Test
        void aHugeByteCountIsCappedLikeHttpbin() throws Exception {
            RawClient.Response response = get("/bytes/99999999999999999999");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(100 * 1024);
        }

        @Test
        void aHugeLineCountIsCappedLikeHttpbin() throws Exception {
            RawClient.Response response = get("/stream/99999999999999999999");

            assertThat(response.status()).isEqualTo(200);
            assertThat(new String(response.body(), StandardCharsets.UTF_8).lines())
                    .hasSize(100);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/bytes/-1", "/stream/-1", "/bytes/1.5", "/stream/0x10"})
        void aNegativeOrNonIntegerCountIsABadRequest(String target) throws Exception {
            assertThat(get(target).status()).as(target).isEqualTo(400);
        }

        // httpbin itself fails these with a 500 (time.sleep of a negative or NaN)
        @ParameterizedTest
        @ValueSource(strings = {"-1", "NaN", "-Infinity", "1e", "%20"})
        void aNegativeOrNonNumericDelayIsABadRequest(String delay) throws Exception {
            RawClient.Response response = get("/delay/" + delay);

            assertThat(response.status()).as(delay).isEqualTo(400);
            assertThat(response.text()).isEqualTo("Invalid delay");
        }
    }
}
