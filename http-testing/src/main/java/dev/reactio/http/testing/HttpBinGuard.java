package dev.reactio.http.testing;

import static dev.reactio.http.testing.HttpBinResponses.TEXT_TYPE;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.Serial;
import java.net.URISyntaxException;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Runs before and around every route of {@link HttpBinServer}, so that what a hostile or broken
 * client sends costs a 4xx that says what was wrong: never a 500, and never a body larger than
 * the server's cap in memory. The routes report input they cannot serve by throwing (or
 * signalling) {@link Rejected}; this turns it into the answer.
 */
final class HttpBinGuard implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private final BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> routes;
    private final long maxRequestSize;

    HttpBinGuard(
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> routes,
            long maxRequestSize) {
        this.routes = routes;
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest req, HttpServerResponse res) {
        try {
            // reactor-netty parses the target lazily, with java.net.URI, when a route first asks
            req.fullPath();
        } catch (IllegalArgumentException e) {
            String reason = e.getCause() instanceof URISyntaxException syntax ? syntax.getReason() : e.getMessage();
            return reject(res, new Rejected(400, "Invalid request target \"" + req.uri() + "\": " + reason));
        }
        String length = req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxRequestSize) {
            // Before reading any of it: no 100 Continue is sent, and nothing is buffered.
            return reject(res, tooLarge(maxRequestSize));
        }
        // A read timeout: the 408 must be written inside reactor-netty's delivery of the error,
        // since its ReadTimeoutHandler closes the channel right after. Completing the exchange
        // there makes reactor-netty deliver the same error once more, to a receiver that is done;
        // Reactor logs that copy as dropped ("Operator called default onErrorDropped").
        return Mono.defer(() -> Mono.from(routes.apply(req, res)))
                .onErrorResume(
                        ReadTimeoutException.class,
                        e -> res.hasSentHeaders()
                                ? Mono.error(e)
                                : reject(res, new Rejected(408, "Request timeout: the request body stopped arriving")))
                .onErrorResume(Rejected.class, e -> res.hasSentHeaders() ? Mono.error(e) : reject(res, e));
    }

    /**
     * Answers and closes the connection: the request's body may be unread, or read in part, and
     * a keep-alive connection whose request was answered before its body was read can hang the
     * next request (see {@link HttpBinRoutes}' {@code drained}).
     */
    private static Mono<Void> reject(HttpServerResponse res, Rejected rejected) {
        res.keepAlive(false);
        return HttpBinResponses.send(res, rejected.status(), TEXT_TYPE, rejected.getMessage());
    }

    private static long declaredLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            // Netty's decoder already answered 400 to a malformed Content-Length; nothing to add.
            return -1;
        }
    }

    static Rejected tooLarge(long maxRequestSize) {
        return new Rejected(413, "Request body too large: this server reads at most " + maxRequestSize + " bytes");
    }

    /**
     * Thrown by a route for a request it cannot serve because of what the client sent; the
     * message is the body of the answer. Carries no stack trace: it is an answer, not a bug.
     */
    static final class Rejected extends RuntimeException {

        @Serial
        private static final long serialVersionUID = 1L;

        private final int status;

        Rejected(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
