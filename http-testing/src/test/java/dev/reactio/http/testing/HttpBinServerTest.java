package dev.reactio.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HttpBinServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static HttpBinServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = HttpBinServer.start();
        // HTTP/1.1 only: the server speaks nothing else, so no h2c upgrade attempt on new connections.
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- helpers

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(TIMEOUT);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    // ---- lifecycle

    @Test
    void startReturnsAListeningServerOnAnEphemeralPort() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server).hasToString("HttpBinServer[" + server.baseUrl() + "]");
    }

    @Test
    void closeIsIdempotentAndFreesThePort() throws Exception {
        HttpBinServer other = HttpBinServer.start();
        int port = other.port();
        other.close();
        other.close();
        try (HttpBinServer again = HttpBinServer.start(port)) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(again.baseUrl() + "/ip"))
                                            .timeout(TIMEOUT)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void startRejectsAPortOutOfRange() {
        assertThatThrownBy(() -> HttpBinServer.start(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> HttpBinServer.start(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- echoes

    @Test
    void getEchoesArgsHeadersOriginAndUrl() throws Exception {
        HttpResponse<String> response =
                send(request("/get?a=1&b=2&b=3").header("X-Test", "yes").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("args", "headers", "origin", "url");
        assertThat(body.get("args").get("a").asString()).isEqualTo("1");
        assertThat(body.get("args").get("b").isArray()).isTrue();
        assertThat(body.get("args").get("b").get(1).asString()).isEqualTo("3");
        assertThat(body.get("headers").get("X-Test").asString()).isEqualTo("yes");
        assertThat(body.get("headers").get("Host").asString()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(body.get("origin").asString()).isEqualTo("127.0.0.1");
        assertThat(body.get("url").asString()).isEqualTo(server.baseUrl() + "/get?a=1&b=2&b=3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void bodyMethodsEchoJsonBodies(String method) throws Exception {
        String path = "/" + method.toLowerCase(java.util.Locale.ROOT) + "?q=x";
        HttpResponse<String> response = send(request(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"k\": [1, 2]}"))
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body))
                .containsExactlyInAnyOrder("args", "data", "files", "form", "headers", "json", "origin", "url");
        assertThat(body.get("args").get("q").asString()).isEqualTo("x");
        assertThat(body.get("data").asString()).isEqualTo("{\"k\": [1, 2]}");
        assertThat(body.get("json").get("k").get(1).asInt()).isEqualTo(2);
        assertThat(body.get("form").isEmpty()).isTrue();
        assertThat(body.get("files").isEmpty()).isTrue();
    }

    @Test
    void wrongMethodIsNotFound() throws Exception {
        assertThat(send(request("/post").GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void textBodyIsDataAndJsonIsNull() throws Exception {
        JsonNode body = json(send(request("/post")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build()));
        assertThat(body.get("data").asString()).isEqualTo("hello");
        assertThat(body.get("json").isNull()).isTrue();
    }

    @Test
    void binaryBodyIsADataUrl() throws Exception {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0};
        JsonNode body = json(send(request("/post")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build()));
        assertThat(body.get("data").asString())
                .isEqualTo("data:application/octet-stream;base64,"
                        + Base64.getEncoder().encodeToString(bytes));
    }

    @Test
    void urlEncodedFormFillsForm() throws Exception {
        JsonNode body = json(send(request("/post")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=J%C3%BCrgen&tag=a&tag=b"))
                .build()));
        assertThat(body.get("form").get("name").asString()).isEqualTo("Jürgen");
        assertThat(body.get("form").get("tag").get(0).asString()).isEqualTo("a");
        assertThat(body.get("form").get("tag").get(1).asString()).isEqualTo("b");
        assertThat(body.get("data").asString()).isEmpty();
        assertThat(body.get("json").isNull()).isTrue();
    }

    @Test
    void multipartFillsFormAndFiles() throws Exception {
        String boundary = "reactio-boundary";
        String multipart = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"field\"\r\n\r\n"
                + "value\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "file content\r\n"
                + "--" + boundary + "--\r\n";
        JsonNode body = json(send(request("/post")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart))
                .build()));
        assertThat(body.get("form").get("field").asString()).isEqualTo("value");
        assertThat(body.get("files").get("upload").asString()).isEqualTo("file content");
        assertThat(body.get("data").asString()).isEmpty();
    }

    @Test
    void anythingAcceptsEveryMethodAndSubPaths() throws Exception {
        JsonNode body = json(send(request("/anything/a/b?x=1")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build()));
        assertThat(fieldNames(body))
                .containsExactlyInAnyOrder(
                        "args", "data", "files", "form", "headers", "json", "method", "origin", "url");
        assertThat(body.get("method").asString()).isEqualTo("OPTIONS");
        assertThat(body.get("url").asString()).endsWith("/anything/a/b?x=1");
        assertThat(json(send(request("/anything")
                                .POST(HttpRequest.BodyPublishers.ofString("[1]"))
                                .build()))
                        .get("json")
                        .get(0)
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void headersIpAndUserAgent() throws Exception {
        JsonNode headers =
                json(send(request("/headers").header("x-lower-case", "v").build()));
        assertThat(fieldNames(headers)).containsExactly("headers");
        assertThat(headers.get("headers").get("X-Lower-Case").asString()).isEqualTo("v");

        JsonNode ip = json(get("/ip"));
        assertThat(fieldNames(ip)).containsExactly("origin");
        assertThat(ip.get("origin").asString()).isEqualTo("127.0.0.1");

        JsonNode agent = json(send(
                request("/user-agent").header("User-Agent", "reactio-test/1").build()));
        assertThat(fieldNames(agent)).containsExactly("user-agent");
        assertThat(agent.get("user-agent").asString()).isEqualTo("reactio-test/1");
    }

    @Test
    void jsonIsTheSlideshow() throws Exception {
        JsonNode body = json(get("/json"));
        assertThat(body.get("slideshow").get("title").asString()).isEqualTo("Sample Slide Show");
        assertThat(body.get("slideshow").get("slides")).hasSize(2);
    }

    // ---- status, delay, bytes, stream, gzip

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 204, 400, 404, 500, 503})
    void statusAnswersTheCode(int code) throws Exception {
        HttpResponse<String> response = get("/status/" + code);
        assertThat(response.statusCode()).isEqualTo(code);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void statusExtras() throws Exception {
        HttpResponse<String> redirect = get("/status/302");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/redirect/1");
        HttpResponse<String> unauthorized = get("/status/401");
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Fake Realm\"");
        assertThat(get("/status/201,202").statusCode()).isIn(201, 202);
        assertThat(get("/status/nope").statusCode()).isEqualTo(400);
        assertThat(send(request("/status/202")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void delayAnswersWithTheEchoShape() throws Exception {
        HttpResponse<String> response = get("/delay/0.01?a=1");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(fieldNames(body))
                .containsExactlyInAnyOrder("args", "data", "files", "form", "headers", "origin", "url");
        assertThat(body.get("args").get("a").asString()).isEqualTo("1");
        assertThat(get("/delay/x").statusCode()).isEqualTo(400);
    }

    // /delay was wrapped in a drain of the body and then read it again: the echo lost it
    @Test
    void delayEchoesAPostedBody() throws Exception {
        HttpResponse<String> response = send(request("/delay/0")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("data").asString()).isEqualTo("hello");
    }

    @Test
    void bytesGivesNRandomBytesRepeatableWithASeed() throws Exception {
        HttpResponse<byte[]> response =
                client.send(request("/bytes/1000").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.body()).hasSize(1000);
        HttpRequest seeded = request("/bytes/64?seed=7").build();
        byte[] first =
                client.send(seeded, HttpResponse.BodyHandlers.ofByteArray()).body();
        byte[] second =
                client.send(seeded, HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(first).hasSize(64).isEqualTo(second);
    }

    @Test
    void streamGivesNJsonLinesChunked() throws Exception {
        HttpResponse<String> response = get("/stream/5?a=b");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(fieldNames(line)).containsExactlyInAnyOrder("url", "args", "headers", "origin", "id");
            assertThat(line.get("id").asInt()).isEqualTo(i);
            assertThat(line.get("args").get("a").asString()).isEqualTo("b");
        }
    }

    @Test
    void gzipIsGzipEncodedJson() throws Exception {
        HttpResponse<byte[]> response = client.send(request("/gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            plain = in.readAllBytes();
        }
        JsonNode body = JSON.readTree(new String(plain, StandardCharsets.UTF_8));
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("gzipped", "headers", "method", "origin");
        assertThat(body.get("gzipped").asBoolean()).isTrue();
        assertThat(body.get("method").asString()).isEqualTo("GET");
    }

    // ---- redirects

    @Test
    void redirectChainsDownToGet() throws Exception {
        assertThat(get("/redirect/3").headers().firstValue("Location")).hasValue("/relative-redirect/2");
        assertThat(get("/relative-redirect/2").headers().firstValue("Location")).hasValue("/relative-redirect/1");
        HttpResponse<String> last = get("/relative-redirect/1");
        assertThat(last.statusCode()).isEqualTo(302);
        assertThat(last.headers().firstValue("Location")).hasValue("/get");
        assertThat(get("/absolute-redirect/2").headers().firstValue("Location"))
                .hasValue(server.baseUrl() + "/absolute-redirect/1");
        assertThat(get("/redirect/0").statusCode()).isEqualTo(400);
    }

    @Test
    void aFollowingClientEndsOnGet() throws Exception {
        HttpClient following = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> response =
                following.send(request("/redirect/4").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.uri().getPath()).isEqualTo("/get");
    }

    @Test
    void redirectToUsesUrlAndStatusCode() throws Exception {
        HttpResponse<String> response = get("/redirect-to?url=%2Fget%3Fa%3D1");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/get?a=1");
        HttpResponse<String> permanent = get("/redirect-to?url=http://example.com/&status_code=307");
        assertThat(permanent.statusCode()).isEqualTo(307);
        assertThat(permanent.headers().firstValue("Location")).hasValue("http://example.com/");
        assertThat(get("/redirect-to").statusCode()).isEqualTo(400);
    }

    // ---- cookies

    @Test
    void cookiesEchoesTheCookieHeader() throws Exception {
        JsonNode body =
                json(send(request("/cookies").header("Cookie", "a=1; b=two").build()));
        assertThat(fieldNames(body)).containsExactly("cookies");
        assertThat(body.get("cookies").get("a").asString()).isEqualTo("1");
        assertThat(body.get("cookies").get("b").asString()).isEqualTo("two");
        assertThat(json(get("/cookies")).get("cookies").isEmpty()).isTrue();
    }

    @Test
    void cookiesSetSetsThemAndRedirects() throws Exception {
        HttpResponse<String> response = get("/cookies/set?k1=v1&k2=v2");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/cookies");
        assertThat(response.headers().allValues("Set-Cookie"))
                .containsExactlyInAnyOrder("k1=v1; Path=/", "k2=v2; Path=/");
        assertThat(get("/cookies/set/name/value").headers().allValues("Set-Cookie"))
                .containsExactly("name=value; Path=/");
    }

    @Test
    void cookiesDeleteExpiresThem() throws Exception {
        HttpResponse<String> response = get("/cookies/delete?k1");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/cookies");
        assertThat(response.headers().allValues("Set-Cookie"))
                .singleElement()
                .asString()
                .startsWith("k1=;")
                .contains("Max-Age=0")
                .contains("Path=/");
    }

    @Test
    void aCookieManagingClientSeesItsCookies() throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> response =
                browser.send(request("/cookies/set?flavour=oat").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(response.body()).get("cookies").get("flavour").asString())
                .isEqualTo("oat");
    }

    // ---- basic auth

    @Test
    void basicAuthAcceptsTheRightCredentials() throws Exception {
        String token = Base64.getEncoder().encodeToString("user:pa ss".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(request("/basic-auth/user/pa%20ss")
                .header("Authorization", "Basic " + token)
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("authenticated").asBoolean()).isTrue();
        assertThat(body.get("user").asString()).isEqualTo("user");
    }

    @Test
    void basicAuthRejectsWrongOrMissingCredentials() throws Exception {
        String token = Base64.getEncoder().encodeToString("user:wrong".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> wrong = send(request("/basic-auth/user/passwd")
                .header("Authorization", "Basic " + token)
                .build());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Fake Realm\"");
        assertThat(get("/basic-auth/user/passwd").statusCode()).isEqualTo(401);
    }

    // ---- websocket

    @Test
    void webSocketEchoesTextAndBinaryFrames() {
        List<String> echoed = reactor.netty.http.client.HttpClient.create()
                .websocket()
                .uri(server.baseUrl().replace("http://", "ws://") + "/ws/echo")
                .handle((in, out) -> out.sendObject(Flux.<WebSocketFrame>just(
                                new TextWebSocketFrame("hello"),
                                new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}))))
                        .then()
                        .thenMany(in.receiveFrames()
                                .take(2)
                                .map(frame -> (frame instanceof TextWebSocketFrame text ? "text:" : "binary:")
                                        + frame.content().toString(StandardCharsets.ISO_8859_1))))
                .collectList()
                .block(TIMEOUT);
        assertThat(echoed).containsExactly("text:hello", "binary:\u0001\u0002\u0003");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }
}
