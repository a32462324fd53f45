package dev.reactio.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one request may cost {@link HttpBinServer}: bodies over the cap get 413 without being
 * buffered, oversized headers get 431, idle and stalled connections are closed, and a client that
 * is still sending when the server gives up sees the answer rather than a reset. (gh-12)
 */
class HttpBinLimitsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int CAP = 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HttpBinServer capped;
    private static HttpClient jdk;

    @BeforeAll
    static void start() {
        capped = HttpBinServer.builder().maxRequestSize(CAP).start();
        jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    @AfterAll
    static void stop() {
        capped.close();
    }

    private static String chunk(int size) {
        return Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n";
    }

    @Nested
    class RequestBody {

        // gh-12: bodies were aggregated whole; one 50 MB POST cost ~270 MB of heap and 235 MB direct
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "POST /post",
                    "PUT /put",
                    "PATCH /anything/x",
                    "POST /status/200",
                    "POST /delay/0",
                    "POST /redirect-to?url=/get",
                    "GET /get"
                })
        void aDeclaredLengthOverTheCapIsRefusedBeforeTheBodyIsSent(String request) throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                // The body never comes: the answer cannot wait for it.
                RawClient.Response response = client.write(
                                request + " HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 50000000\r\n\r\n")
                        .read();

                assertThat(response.status()).isEqualTo(413);
                assertThat(response.header("Connection")).isEqualTo("close");
                assertThat(response.text()).isEqualTo("Request body too large: this server reads at most 1024 bytes");
                assertThat(client.awaitClosed()).isTrue();
            }
        }

        @Test
        void anExpectContinueOverTheCapGets413InsteadOf100() throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                RawClient.Response response = client.write("POST /post HTTP/1.1\r\nHost: h\r\n"
                                + "Expect: 100-continue\r\nContent-Length: 1025\r\n\r\n")
                        .read();

                assertThat(response.status()).isEqualTo(413);
            }
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "POST /post",
                    "POST /anything",
                    "POST /status/200",
                    "POST /delay/0",
                    "POST /redirect-to?url=/get"
                })
        void aChunkedBodyIsCutOffAtTheCap(String request) throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                // One byte over the cap, and no last chunk: the server must not wait for the end.
                RawClient.Response response = client.write(request + " HTTP/1.1\r\nHost: h\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunk(1000) + chunk(25))
                        .read();

                assertThat(response.status()).isEqualTo(413);
                assertThat(response.header("Connection")).isEqualTo("close");
                assertThat(client.awaitClosed()).isTrue();
            }
        }

        @Test
        void aBodyOfExactlyTheCapIsEchoed() throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                RawClient.Response declared = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 1024\r\n\r\n" + "y".repeat(CAP))
                        .read();
                RawClient.Response chunked = client.write("POST /post HTTP/1.1\r\nHost: h\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n" + chunk(1000) + chunk(24) + "0\r\n\r\n")
                        .read();

                assertThat(declared.status()).isEqualTo(200);
                assertThat(JSON.readTree(declared.body()).get("data").asString())
                        .isEqualTo("y".repeat(CAP));
                assertThat(chunked.status()).isEqualTo(200);
                assertThat(JSON.readTree(chunked.body()).get("data").asString()).hasSize(CAP);
            }
        }

        // Closing with the client's body unread makes the kernel send a reset, which beat the 413
        // to reactor-netty's client 17 times in 20 ("Connection prematurely closed BEFORE
        // response"), and to the JDK's 2 in 20, before the server closed in stages.
        @Test
        void aClientStillSendingSeesThe413() throws Exception {
            byte[] body = new byte[8 * 1024 * 1024];
            for (int i = 0; i < 5; i++) {
                Integer status = reactor.netty.http.client.HttpClient.create()
                        .post()
                        .uri(capped.baseUrl() + "/post")
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                        .responseSingle((response, content) ->
                                content.then(Mono.just(response.status().code())))
                        .block(TIMEOUT);
                HttpResponse<String> jdkResponse = jdk.send(
                        HttpRequest.newBuilder(URI.create(capped.baseUrl() + "/post"))
                                .timeout(TIMEOUT)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(status).as("reactor-netty, try %d", i).isEqualTo(413);
                assertThat(jdkResponse.statusCode()).as("JDK, try %d", i).isEqualTo(413);
            }
        }

        @Test
        void theDefaultCapIsTenMebibytes() throws Exception {
            try (HttpBinServer server = HttpBinServer.start();
                    RawClient client = new RawClient(server.port())) {
                RawClient.Response atCap = client.write("POST /post HTTP/1.1\r\nHost: h\r\n"
                                + "Content-Length: 10485760\r\nExpect: 100-continue\r\n\r\n")
                        .read();
                client.write(new byte[10 * 1024 * 1024]);
                RawClient.Response echoed = client.read();
                RawClient.Response over = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 10485761\r\n\r\n")
                        .read();

                assertThat(atCap.status()).isEqualTo(100);
                assertThat(echoed.status()).isEqualTo(200);
                assertThat(over.status()).isEqualTo(413);
            }
        }

        // Netty's form decoder stops at 128 fields by default, with an exception that was a 500
        @Test
        void aFormWithTooManyFieldsGets413() throws Exception {
            try (HttpBinServer server = HttpBinServer.start()) {
                StringJoiner many = new StringJoiner("&");
                for (int i = 0; i <= 1000; i++) {
                    many.add("f" + i + "=" + i);
                }
                StringJoiner enough = new StringJoiner("&", "&&", "&");
                for (int i = 0; i < 1000; i++) {
                    enough.add("f" + i + "=" + i);
                }
                HttpResponse<String> tooMany =
                        jdk.send(form(server, many.toString()), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> fine =
                        jdk.send(form(server, enough.toString()), HttpResponse.BodyHandlers.ofString());

                assertThat(tooMany.statusCode()).isEqualTo(413);
                assertThat(tooMany.body()).isEqualTo("Too many form fields: this server decodes at most 1000");
                assertThat(fine.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(fine.body()).get("form").size()).isEqualTo(1000);
            }
        }

        @Test
        void aMultipartFormWithTooManyPartsGets413() throws Exception {
            try (HttpBinServer server = HttpBinServer.start()) {
                HttpResponse<String> tooMany = jdk.send(multipart(server, 1001), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> fine = jdk.send(multipart(server, 1000), HttpResponse.BodyHandlers.ofString());

                assertThat(tooMany.statusCode()).isEqualTo(413);
                assertThat(fine.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(fine.body()).get("form").size()).isEqualTo(1000);
            }
        }

        private static HttpRequest multipart(HttpBinServer server, int parts) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < parts; i++) {
                body.append("--b\r\nContent-Disposition: form-data; name=\"f")
                        .append(i)
                        .append("\"\r\n\r\nv\r\n");
            }
            body.append("--b--\r\n");
            return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/post"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "multipart/form-data; boundary=b")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
        }

        private static HttpRequest form(HttpBinServer server, String body) {
            return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/post"))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        // A tree of [{},{},...] cost dozens of bytes of heap per byte of body; the echo is the text.
        @Test
        void aJsonBodyIsEchoedAsItCame() throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                String json = "{\"k\": [1, 2.50, \"x\"], \"n\": null}";
                RawClient.Response response = client.write("POST /post HTTP/1.1\r\nHost: h\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n"
                                + json)
                        .read();
                RawClient.Response trailing = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 5\r\n\r\n[1] 2")
                        .read();

                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("json")).isEqualTo(JSON.readTree(json));
                assertThat(response.text()).contains("\"json\":" + json);
                assertThat(JSON.readTree(trailing.body()).get("json").isNull()).isTrue();
            }
        }
    }

    @Nested
    class Headers {

        private static final String BIG = "a".repeat(100_000);

        // gh-12: reported as a reset of the connection; reactor-netty answers 431 and closes
        @Test
        void aHugeHeaderGets431() throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                RawClient.Response response = client.write("GET /get HTTP/1.1\r\nHost: h\r\nX-Big: " + BIG + "\r\n\r\n")
                        .read();

                assertThat(response.status()).isEqualTo(431);
                assertThat(client.awaitClosed()).isTrue();
            }
        }

        @Test
        void aHugeHeaderGets431ThroughTheJdkClient() throws Exception {
            HttpResponse<String> response = jdk.send(
                    HttpRequest.newBuilder(URI.create(capped.baseUrl() + "/get"))
                            .timeout(TIMEOUT)
                            .header("X-Big", BIG)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(431);
        }

        @Test
        void aHugeHeaderGets431ThroughReactorNetty() {
            Integer status = reactor.netty.http.client.HttpClient.create()
                    .headers(h -> h.set("X-Big", BIG))
                    .get()
                    .uri(capped.baseUrl() + "/get")
                    .responseSingle((response, body) ->
                            body.then(Mono.just(response.status().code())))
                    .block(TIMEOUT);

            assertThat(status).isEqualTo(431);
        }

        // Without the lingering close, 11 in 20 of these saw a reset ("Connection reset by peer",
        // "Connection prematurely closed BEFORE response") instead of the 431: the server closed
        // with megabytes of header unread.
        @Test
        void aClientStillSendingItsHeadersSeesThe431() throws Exception {
            String huge = "a".repeat(4_000_000);
            for (int i = 0; i < 5; i++) {
                Integer status = reactor.netty.http.client.HttpClient.create()
                        .headers(h -> h.set("X-Big", huge))
                        .get()
                        .uri(capped.baseUrl() + "/get")
                        .responseSingle((response, body) ->
                                body.then(Mono.just(response.status().code())))
                        .block(TIMEOUT);
                RawClient.Response raw;
                try (RawClient client = new RawClient(capped.port())) {
                    raw = client.write("GET /get HTTP/1.1\r\nHost: h\r\nX-Big: " + huge + "\r\n\r\n")
                            .read();
                }

                assertThat(status).as("reactor-netty, try %d", i).isEqualTo(431);
                assertThat(raw.status()).as("raw, try %d", i).isEqualTo(431);
            }
        }

        @Test
        void aHugeRequestLineGets414() throws Exception {
            try (RawClient client = new RawClient(capped.port())) {
                RawClient.Response response = client.write("GET /get?a=" + BIG + " HTTP/1.1\r\nHost: h\r\n\r\n")
                        .read();

                assertThat(response.status()).isEqualTo(414);
            }
        }
    }

    @Nested
    class Timeouts {

        private static HttpBinServer impatient;

        @BeforeAll
        static void start() {
            impatient = HttpBinServer.builder()
                    .idleTimeout(Duration.ofMillis(200))
                    .readTimeout(Duration.ofMillis(200))
                    .start();
        }

        @AfterAll
        static void stop() {
            impatient.close();
        }

        @Test
        void aConnectionThatSendsNothingIsClosed() throws Exception {
            try (RawClient client = new RawClient(impatient.port())) {
                assertThat(client.awaitClosed()).isTrue();
            }
        }

        @Test
        void aKeepAliveConnectionWithoutANextRequestIsClosed() throws Exception {
            try (RawClient client = new RawClient(impatient.port())) {
                assertThat(client.write("GET /ip HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .status())
                        .isEqualTo(200);
                assertThat(client.awaitClosed()).isTrue();
            }
        }

        @Test
        void aBodyThatStopsArrivingIsCutOff() throws Exception {
            try (RawClient client = new RawClient(impatient.port())) {
                RawClient.Response response = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\nContent-Length: 10" + "\r\n\r\nhalf!")
                        .read();

                assertThat(response.status()).isEqualTo(408);
                assertThat(response.text()).isEqualTo("Request timeout: the request body stopped arriving");
                assertThat(client.awaitClosed()).isTrue();
            }
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void closeClosesOpenConnections() throws Exception {
            HttpBinServer server = HttpBinServer.start();
            try (RawClient client = new RawClient(server.port())) {
                assertThat(client.write("GET /ip HTTP/1.1\r\nHost: h\r\n\r\n")
                                .read()
                                .status())
                        .isEqualTo(200);

                server.close();

                assertThat(client.awaitClosed()).isTrue();
            } finally {
                server.close();
            }
        }

        @Test
        void theBuilderRejectsBadLimits() {
            assertThatThrownBy(() -> HttpBinServer.builder().maxRequestSize(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("maxRequestSize must be between 0 and 2147483639 bytes, but was -1");
            assertThatThrownBy(() -> HttpBinServer.builder().maxRequestSize(Integer.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> HttpBinServer.builder().idleTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("idleTimeout must be at least 1 ms, but was PT0S");
            assertThatThrownBy(() -> HttpBinServer.builder().readTimeout(Duration.ofNanos(999_999)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("readTimeout must be at least 1 ms");
            assertThatThrownBy(() -> HttpBinServer.builder().readTimeout(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("readTimeout");
            assertThatThrownBy(() -> HttpBinServer.builder().port(70000))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port must be between 0 and 65535: 70000");
        }

        @Test
        void aZeroCapRefusesAnyBody() throws Exception {
            try (HttpBinServer server =
                            HttpBinServer.builder().maxRequestSize(0).start();
                    RawClient client = new RawClient(server.port())) {
                RawClient.Response empty = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 0\r\n\r\n")
                        .read();
                RawClient.Response one = client.write(
                                "POST /post HTTP/1.1\r\nHost: h\r\n" + "Content-Length: 1\r\n\r\nz")
                        .read();

                assertThat(empty.status()).isEqualTo(200);
                assertThat(one.status()).isEqualTo(413);
            }
        }
    }
}
