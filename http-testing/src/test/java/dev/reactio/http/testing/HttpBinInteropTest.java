package dev.reactio.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the JSON shapes (key sets and value types) of HttpBinServer with the real httpbin
 * (Debian's {@code python3-httpbin}, started as {@code python3 -m httpbin.core}). Skipped when
 * no {@code python3} can {@code import httpbin.core}.
 */
@Tag("interop")
class HttpBinInteropTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STARTUP = Duration.ofSeconds(20);

    /** Debian's package installs for the system interpreter, which a pyenv or venv python3 may shadow. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");

    private static String interpreter;
    private static HttpBinServer ours;
    private static Process python;
    private static String theirs;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        interpreter = PYTHONS.stream()
                .filter(HttpBinInteropTest::importsHttpbin)
                .findFirst()
                .orElse(null);
        if (interpreter == null) {
            return; // every test skips, with the reason, in requireHttpbin
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        python = new ProcessBuilder(
                        interpreter, "-m", "httpbin.core", "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .start();
        awaitListening(python);
        theirs = "http://127.0.0.1:" + port;
        ours = HttpBinServer.start();
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** Per test rather than in {@code @BeforeAll}, so that surefire's reports show each skip and why. */
    @BeforeEach
    void requireHttpbin() {
        assumeTrue(
                interpreter != null,
                "skipped: none of " + PYTHONS + " can `import httpbin.core`;"
                        + " install Debian's python3-httpbin (apt-get install python3-httpbin) to run the interop tests");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (ours != null) {
            ours.close();
        }
        if (python != null) {
            python.destroy();
            if (!python.waitFor(10, TimeUnit.SECONDS)) {
                python.destroyForcibly();
            }
        }
    }

    private static boolean importsHttpbin(String python) {
        try {
            Process check = new ProcessBuilder(python, "-c", "import httpbin.core")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads the server's output until werkzeug says it is running; no polling, no sleeping. */
    private static void awaitListening(Process process) throws Exception {
        List<String> output = new ArrayList<>();
        CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("Running on")) {
                        // Keep draining so the server never blocks on a full pipe.
                        Thread drain = new Thread(() -> reader.lines().forEach(l -> {}), "httpbin-output");
                        drain.setDaemon(true);
                        drain.start();
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean started = running.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        synchronized (output) {
            assertThat(started)
                    .as("python3 -m httpbin.core did not start: %s", output)
                    .isTrue();
        }
    }

    private static HttpRequest.Builder request(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("User-Agent", "reactio-interop");
    }

    private static JsonNode fetch(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode())
                .as("%s %s", request.method(), request.uri())
                .isEqualTo(200);
        byte[] body = response.body();
        if (response.headers()
                .firstValue("Content-Encoding")
                .filter("gzip"::equals)
                .isPresent()) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (request.uri().getPath().startsWith("/stream/")) {
            text = text.lines().findFirst().orElseThrow();
        }
        return JSON.readTree(text);
    }

    /** Key sets and value types, recursively; header names differ by client and server, so not those. */
    private static Object shape(String name, JsonNode node) {
        if (node.isObject()) {
            if (name.equals("headers")) {
                return "object";
            }
            Map<String, Object> shape = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                shape.put(field.getKey(), shape(field.getKey(), field.getValue()));
            }
            return shape;
        }
        if (node.isArray()) {
            List<Object> shape = new ArrayList<>();
            node.forEach(element -> shape.add(shape("", element)));
            return shape;
        }
        return node.getNodeType().toString();
    }

    // Not /json: Debian's httpbin 0.7.0 predates it.
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/get?a=1&b=2&b=3",
                "/headers",
                "/ip",
                "/user-agent",
                "/cookies",
                "/anything/x?y=z",
                "/stream/2?a=1",
                "/gzip",
                "/delay/0"
            })
    void getEndpointsHaveHttpbinsShape(String path) throws Exception {
        JsonNode expected = fetch(request(theirs, path).header("Cookie", "a=1").build());
        JsonNode actual =
                fetch(request(ours.baseUrl(), path).header("Cookie", "a=1").build());
        assertThat(shape("", actual)).as(path).isEqualTo(shape("", expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "text/plain"})
    void postBodiesHaveHttpbinsShape(String contentType) throws Exception {
        String body = contentType.equals("application/json") ? "{\"k\": [1, \"two\"], \"n\": null}" : "a=1&b=2&b=3";
        JsonNode expected = fetch(request(theirs, "/post?q=1")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        JsonNode actual = fetch(request(ours.baseUrl(), "/post?q=1")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(shape("", actual)).as(contentType).isEqualTo(shape("", expected));
        assertThat(actual.get("form")).isEqualTo(expected.get("form"));
        assertThat(actual.get("json")).isEqualTo(expected.get("json"));
        assertThat(actual.get("data")).isEqualTo(expected.get("data"));
    }

    @org.junit.jupiter.api.Test
    void basicAuthHasHttpbinsShape() throws Exception {
        String token = Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        JsonNode expected = fetch(request(theirs, "/basic-auth/u/p")
                .header("Authorization", "Basic " + token)
                .build());
        JsonNode actual = fetch(request(ours.baseUrl(), "/basic-auth/u/p")
                .header("Authorization", "Basic " + token)
                .build());
        assertThat(actual).isEqualTo(expected);
    }

    // gh-12: HEAD answered 404 on every GET route (Flask adds HEAD to them)
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/get",
                "/ip",
                "/headers",
                "/bytes/10",
                "/status/418",
                "/status/204",
                "/redirect/1",
                "/cookies/set?a=1",
                "/basic-auth/u/p",
                "/nope"
            })
    void headAnswersWithHttpbinsStatus(String path) throws Exception {
        HttpResponse<byte[]> expected = head(theirs, path);
        HttpResponse<byte[]> actual = head(ours.baseUrl(), path);

        assertThat(actual.statusCode()).as(path).isEqualTo(expected.statusCode());
        assertThat(actual.body()).as(path).isEmpty();
    }

    private static HttpResponse<byte[]> head(String base, String path) throws IOException, InterruptedException {
        return client.send(
                request(base, path)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @org.junit.jupiter.api.Test
    void teapotIsHttpbins() throws Exception {
        HttpResponse<byte[]> expected =
                client.send(request(theirs, "/status/418").build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> actual =
                client.send(request(ours.baseUrl(), "/status/418").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(actual.statusCode()).isEqualTo(418);
        assertThat(actual.body()).isEqualTo(expected.body());
        assertThat(actual.headers().firstValue("x-more-info"))
                .isEqualTo(expected.headers().firstValue("x-more-info"));
    }
}
