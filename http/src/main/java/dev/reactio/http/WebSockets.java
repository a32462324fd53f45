package dev.reactio.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** STUB: opens WebSocket connections for {@link ClientSession#wsConnect}. */
final class WebSockets {
    private WebSockets() {
    }

    static Mono<WebSocketSession> connect(HttpClient client, URI url, HttpHeaders headers) {
        return Mono.error(new UnsupportedOperationException("not yet"));
    }
}
