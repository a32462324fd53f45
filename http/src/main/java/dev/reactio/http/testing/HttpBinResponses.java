package dev.reactio.http.testing;

import java.nio.charset.StandardCharsets;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/** The ways {@link HttpBinRoutes} answer: JSON, plain bodies and redirects, all with a Content-Length. */
final class HttpBinResponses {

    static final String JSON_TYPE = "application/json";
    static final String TEXT_TYPE = "text/plain; charset=utf-8";
    static final String HTML_TYPE = "text/html; charset=utf-8";

    private HttpBinResponses() {
    }

    static Mono<Void> redirect(HttpServerResponse res, int code, String location) {
        if (location.indexOf('\r') >= 0 || location.indexOf('\n') >= 0) {
            return send(res, 400, TEXT_TYPE, "Invalid redirect target");
        }
        res.header(HttpHeaderNames.LOCATION, location);
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
