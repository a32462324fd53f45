package dev.reactio.http;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Helpers shared by the ClientSession tests: polling with a deadline and one-handler servers. */
final class TestSupport {

    /** Hang guard for blocking waits; never a timing claim. */
    static final Duration GUARD = Duration.ofSeconds(10);

    private TestSupport() {
    }

    /**
     * Polls {@code condition} every few milliseconds until it holds; fails with {@code what} after
     * {@link #GUARD}. A bounded retry loop, not a timing assertion.
     */
    static void await(String what, BooleanSupplier condition) {
        Boolean ok = Mono.fromCallable(condition::getAsBoolean)
                .filter(b -> b)
                .repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts.delayElements(Duration.ofMillis(5)))
                .timeout(GUARD, Mono.error(() -> new AssertionError("still not true after " + GUARD + ": " + what)))
                .block();
        if (!Boolean.TRUE.equals(ok)) {
            throw new AssertionError(what);
        }
    }

    /** An HTTP server on an ephemeral port of 127.0.0.1 that runs {@code handler} for every request. */
    static DisposableServer server(
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
        return HttpServer.create().host("127.0.0.1").port(0).handle(handler).bindNow();
    }

    static String url(DisposableServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}
