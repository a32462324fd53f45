package dev.reactio.http.testing;

import static dev.reactio.http.testing.HttpBinResponses.HTML_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.JSON_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.TEXT_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.json;
import static dev.reactio.http.testing.HttpBinResponses.redirect;
import static dev.reactio.http.testing.HttpBinResponses.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.node.ObjectNode;

/** httpbin's endpoints as reactor-netty routes; {@link HttpBinServer} installs them. */
final class HttpBinRoutes {

    private static final int MAX_BYTES = 100 * 1024;
    private static final int MAX_STREAM = 100;
    private static final double MAX_DELAY_SECONDS = 10;
    private static final String REALM = "Basic realm=\"Fake Realm\"";

    private HttpBinRoutes() {
    }

    static void register(HttpServerRoutes routes) {
        routes.get("/get", (req, res) -> json(res, 200, echo(new HttpBinRequest(req), false)))
                .route(method("/post", HttpMethod.POST), HttpBinRoutes::withBody)
                .route(method("/put", HttpMethod.PUT), HttpBinRoutes::withBody)
                .route(method("/patch", HttpMethod.PATCH), HttpBinRoutes::withBody)
                .route(method("/delete", HttpMethod.DELETE), HttpBinRoutes::withBody)
                .route(req -> req.fullPath().equals("/anything") || req.fullPath().startsWith("/anything/"),
                        HttpBinRoutes::anything)
                .get("/headers", (req, res) -> {
                    ObjectNode out = HttpBinRequest.JSON.createObjectNode();
                    new HttpBinRequest(req).headers(out);
                    return json(res, 200, out);
                })
                .get("/ip", (req, res) -> {
                    ObjectNode out = HttpBinRequest.JSON.createObjectNode();
                    new HttpBinRequest(req).origin(out);
                    return json(res, 200, out);
                })
                .get("/user-agent", (req, res) -> {
                    ObjectNode out = HttpBinRequest.JSON.createObjectNode();
                    String agent = req.requestHeaders().get(HttpHeaderNames.USER_AGENT);
                    if (agent == null) {
                        out.putNull("user-agent");
                    } else {
                        out.put("user-agent", agent);
                    }
                    return json(res, 200, out);
                })
                .get("/json", (req, res) -> send(res, 200, JSON_TYPE, SlideShow.BODY))
                .route(anyWithSegment("/status/"), drained(HttpBinRoutes::status))
                .route(anyWithSegment("/delay/"), drained(HttpBinRoutes::delay))
                .get("/bytes/{n}", HttpBinRoutes::bytes)
                .get("/stream/{n}", HttpBinRoutes::stream)
                .get("/gzip", HttpBinRoutes::gzip)
                .get("/redirect/{n}", (req, res) -> redirectTimes(req, res,
                        "true".equalsIgnoreCase(query(req, "absolute"))))
                .get("/relative-redirect/{n}", (req, res) -> redirectTimes(req, res, false))
                .get("/absolute-redirect/{n}", (req, res) -> redirectTimes(req, res, true))
                .route(any("/redirect-to"), drained(HttpBinRoutes::redirectTo))
                .get("/cookies", HttpBinRoutes::cookies)
                .get("/cookies/set", HttpBinRoutes::setCookies)
                .get("/cookies/set/{name}/{value}", HttpBinRoutes::setCookie)
                .get("/cookies/delete", HttpBinRoutes::deleteCookies)
                .get("/basic-auth/{user}/{passwd}", HttpBinRoutes::basicAuth)
                .ws("/ws/echo", (in, out) -> out.sendObject(in.receiveFrames()
                        .filter(HttpBinRoutes::isDataFrame)
                        .map(WebSocketFrame::retain)));
    }

    // ---- request echoes

    private static ObjectNode echo(HttpBinRequest request, boolean withBody) {
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        request.args(out);
        if (withBody) {
            request.body(out);
        }
        request.headers(out).origin(out).url(out);
        return out;
    }

    /**
     * Reads (and frees) the request body before {@code handler} answers, for routes that take
     * any method. reactor-netty's server can hang the next keep-alive request on a connection
     * whose previous request was answered before its body was read (a fresh-clone build saw the
     * JDK client's next request on such a connection time out).
     */
    private static java.util.function.BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> drained(
            java.util.function.BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> req.receive().then().then(Mono.defer(() -> Mono.from(handler.apply(req, res))));
    }

    private static Publisher<Void> withBody(HttpServerRequest req, HttpServerResponse res) {
        return readBody(req).flatMap(body -> json(res, 200, echo(new HttpBinRequest(req, body), true)));
    }

    private static Publisher<Void> anything(HttpServerRequest req, HttpServerResponse res) {
        return readBody(req).flatMap(body -> {
            HttpBinRequest request = new HttpBinRequest(req, body);
            ObjectNode out = echo(request, true);
            request.method(out);
            return json(res, 200, out);
        });
    }

    private static Mono<byte[]> readBody(HttpServerRequest req) {
        return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]);
    }

    // ---- status, delay, bytes, stream, gzip

    private static Publisher<Void> status(HttpServerRequest req, HttpServerResponse res) {
        String[] choices = segment(req, "/status/").split(",");
        int code;
        try {
            code = Integer.parseInt(choices[ThreadLocalRandom.current().nextInt(choices.length)].trim());
        } catch (NumberFormatException e) {
            code = -1;
        }
        if (code < 100 || code > 599) {
            return send(res, 400, TEXT_TYPE, "Invalid status code");
        }
        if (code >= 300 && code < 400 && code != 304) {
            res.header(HttpHeaderNames.LOCATION, "/redirect/1");
        } else if (code == 401) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
        }
        return send(res, code, HTML_TYPE, "");
    }

    private static Publisher<Void> delay(HttpServerRequest req, HttpServerResponse res) {
        double seconds;
        try {
            seconds = Math.min(Double.parseDouble(segment(req, "/delay/")), MAX_DELAY_SECONDS);
        } catch (NumberFormatException e) {
            return send(res, 400, TEXT_TYPE, "Invalid delay");
        }
        Duration delay = Duration.ofMillis(Math.max(0, Math.round(seconds * 1000)));
        return readBody(req).delayUntil(body -> Mono.delay(delay)).flatMap(body -> {
            // httpbin's /delay echoes the body like /post, except for "json".
            ObjectNode out = echo(new HttpBinRequest(req, body), true);
            out.remove("json");
            return json(res, 200, out);
        });
    }

    private static Publisher<Void> bytes(HttpServerRequest req, HttpServerResponse res) {
        int n;
        try {
            n = Math.min(Integer.parseInt(param(req, "n")), MAX_BYTES);
        } catch (NumberFormatException e) {
            return send(res, 400, TEXT_TYPE, "Invalid byte count");
        }
        String seed = query(req, "seed");
        Random random;
        try {
            random = seed == null ? ThreadLocalRandom.current() : new Random(Long.parseLong(seed));
        } catch (NumberFormatException e) {
            return send(res, 400, TEXT_TYPE, "Invalid seed");
        }
        byte[] bytes = new byte[Math.max(n, 0)];
        random.nextBytes(bytes);
        return send(res, 200, "application/octet-stream", bytes);
    }

    private static Publisher<Void> stream(HttpServerRequest req, HttpServerResponse res) {
        int n;
        try {
            n = Math.max(0, Math.min(Integer.parseInt(param(req, "n")), MAX_STREAM));
        } catch (NumberFormatException e) {
            return send(res, 400, TEXT_TYPE, "Invalid line count");
        }
        HttpBinRequest request = new HttpBinRequest(req);
        // No Content-Length: reactor-netty sends the lines chunked, one flush per line.
        return res.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .send(Flux.range(0, n).map(id -> {
                    ObjectNode line = HttpBinRequest.JSON.createObjectNode();
                    request.url(line).args(line).headers(line).origin(line);
                    line.put("id", id);
                    return line(line);
                }), buf -> true);
    }

    private static Publisher<Void> gzip(HttpServerRequest req, HttpServerResponse res) {
        HttpBinRequest request = new HttpBinRequest(req);
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        out.put("gzipped", true);
        request.headers(out);
        request.method(out);
        request.origin(out);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(HttpBinRequest.JSON.writeValueAsBytes(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        return send(res, 200, JSON_TYPE, buffer.toByteArray());
    }

    private static ByteBuf line(ObjectNode line) {
        return Unpooled.wrappedBuffer((HttpBinRequest.JSON.writeValueAsString(line) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---- redirects

    private static Publisher<Void> redirectTimes(HttpServerRequest req, HttpServerResponse res, boolean absolute) {
        int n;
        try {
            n = Integer.parseInt(param(req, "n"));
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) {
            return send(res, 400, TEXT_TYPE, "n must be at least 1");
        }
        String prefix = absolute ? req.scheme() + "://" + host(req) : "";
        String target;
        if (n == 1) {
            target = "/get";
        } else {
            target = (absolute ? "/absolute-redirect/" : "/relative-redirect/") + (n - 1);
        }
        return redirect(res, 302, prefix + target);
    }

    private static Publisher<Void> redirectTo(HttpServerRequest req, HttpServerResponse res) {
        String url = query(req, "url");
        if (url == null || url.isEmpty()) {
            return send(res, 400, TEXT_TYPE, "url is required");
        }
        int code = 302;
        String statusCode = query(req, "status_code");
        if (statusCode != null) {
            try {
                int asked = Integer.parseInt(statusCode);
                if (asked >= 300 && asked < 400) {
                    code = asked;
                }
            } catch (NumberFormatException e) {
                // httpbin keeps 302 for a code it cannot use
            }
        }
        int chosen = code;
        return readBody(req).flatMap(body -> Mono.from(redirect(res, chosen, url)));
    }

    // ---- cookies

    private static Publisher<Void> cookies(HttpServerRequest req, HttpServerResponse res) {
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        ObjectNode cookies = out.putObject("cookies");
        requestCookies(req).forEach(cookies::put);
        return json(res, 200, out);
    }

    private static Map<String, String> requestCookies(HttpServerRequest req) {
        Map<String, String> cookies = new TreeMap<>();
        for (String header : req.requestHeaders().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                cookies.put(cookie.name(), cookie.value());
            }
        }
        return cookies;
    }

    private static Publisher<Void> setCookies(HttpServerRequest req, HttpServerResponse res) {
        new QueryStringDecoder(req.uri()).parameters().forEach((name, values) ->
                res.addHeader(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.LAX.encode(cookie(name, values.get(0)))));
        return redirect(res, 302, "/cookies");
    }

    private static Publisher<Void> setCookie(HttpServerRequest req, HttpServerResponse res) {
        res.addHeader(HttpHeaderNames.SET_COOKIE,
                ServerCookieEncoder.LAX.encode(cookie(param(req, "name"), param(req, "value"))));
        return redirect(res, 302, "/cookies");
    }

    private static Publisher<Void> deleteCookies(HttpServerRequest req, HttpServerResponse res) {
        for (String name : new QueryStringDecoder(req.uri()).parameters().keySet()) {
            DefaultCookie cookie = cookie(name, "");
            cookie.setMaxAge(0);
            res.addHeader(HttpHeaderNames.SET_COOKIE,
                    ServerCookieEncoder.LAX.encode(cookie) + "; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        }
        return redirect(res, 302, "/cookies");
    }

    private static DefaultCookie cookie(String name, String value) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath("/");
        return cookie;
    }

    // ---- auth

    private static Publisher<Void> basicAuth(HttpServerRequest req, HttpServerResponse res) {
        String user = param(req, "user");
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + param(req, "passwd")).getBytes(StandardCharsets.UTF_8));
        String given = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (!expected.equals(given)) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
            return send(res, 401, HTML_TYPE, "");
        }
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        out.put("authenticated", true);
        out.put("user", user);
        return json(res, 200, out);
    }

    // ---- helpers

    private static boolean isDataFrame(WebSocketFrame frame) {
        return frame instanceof TextWebSocketFrame
                || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
    }

    /** Any method on {@code path} exactly. */
    private static Predicate<HttpServerRequest> any(String path) {
        return req -> req.fullPath().equals(path);
    }

    /** Any method on {@code prefix} followed by one path segment, read back with {@link #segment}. */
    private static Predicate<HttpServerRequest> anyWithSegment(String prefix) {
        return req -> req.fullPath().startsWith(prefix) && req.fullPath().indexOf('/', prefix.length()) < 0
                && req.fullPath().length() > prefix.length();
    }

    private static String segment(HttpServerRequest req, String prefix) {
        return decodePath(req.fullPath().substring(prefix.length()));
    }

    /** A template parameter, percent-decoded ({@code +} stays a plus in a path). */
    private static String param(HttpServerRequest req, String name) {
        String value = req.param(name);
        return value == null ? "" : decodePath(value);
    }

    private static String decodePath(String raw) {
        return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"));
    }

    private static Predicate<HttpServerRequest> method(String path, HttpMethod method) {
        return req -> req.method().equals(method) && req.fullPath().equals(path);
    }

    private static String host(HttpServerRequest req) {
        String host = req.requestHeaders().get(HttpHeaderNames.HOST);
        return host != null ? host : req.hostName() + ":" + req.hostPort();
    }

    private static @Nullable String query(HttpServerRequest req, String name) {
        List<String> values = new QueryStringDecoder(req.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
