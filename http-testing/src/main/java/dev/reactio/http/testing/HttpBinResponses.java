package dev.reactio.http.testing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/** The ways {@link HttpBinRoutes} answer: JSON, plain bodies and redirects, all with a Content-Length. */
final class HttpBinResponses {

    static final String JSON_TYPE = "application/json";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";
    static final String HTML_TYPE = "text/html; charset=utf-8";

    private HttpBinResponses() {}

    /**
     * A redirect to {@code location}. A control character in it is a 400 (CR or LF would split
     * the header, and Netty's validation throws on the others); anything past ASCII is sent
     * percent-encoded as UTF-8, as werkzeug's {@code iri_to_uri} does for httpbin (Netty writes a
     * header char as one byte, so U+20AC would go out as '?').
     */
    static Mono<Void> redirect(HttpServerResponse res, int code, String location) {
        StringBuilder uri = new StringBuilder(location.length());
        for (int i = 0; i < location.length(); i = location.offsetByCodePoints(i, 1)) {
            int c = location.codePointAt(i);
            if (c < 0x20 || c == 0x7f) {
                return send(res, 400, TEXT_TYPE, "Invalid redirect target");
            }
            if (c < 0x7f) {
                uri.append((char) c);
            } else {
                for (byte b : Character.toString(c).getBytes(StandardCharsets.UTF_8)) {
                    uri.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
                }
            }
        }
        res.header(HttpHeaderNames.LOCATION, uri.toString());
        return send(res, code, HTML_TYPE, "");
    }

    static Mono<Void> json(HttpServerResponse res, int code, JsonNode body) {
        return send(res, code, JSON_TYPE, HttpBinRequest.JSON.writeValueAsBytes(body));
    }

    static Mono<Void> send(HttpServerResponse res, int code, String contentType, String body) {
        return send(res, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static Mono<Void> send(HttpServerResponse res, int code, String contentType, byte[] body) {
        return res.status(HttpResponseStatus.valueOf(code))
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body))
                .then();
    }
}
