package dev.reactio.http;

import dev.reactio.testsupport.Waiting;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Helpers shared by the ClientSession tests: a bounded wait and one-handler servers. */
final class TestSupport {

    /** Hang guard for blocking waits; never a timing claim. */
    static final Duration GUARD = Duration.ofSeconds(10);

    private TestSupport() {}

    /**
     * Polls {@code condition} until it holds; fails naming {@code what} after {@link #GUARD}. A
     * bounded wait, not a timing assertion.
     */
    static void await(String what, BooleanSupplier condition) {
        Waiting.await(what).atMost(GUARD).until(condition::getAsBoolean);
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
