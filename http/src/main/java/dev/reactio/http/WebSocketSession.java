package dev.reactio.http;

/** STUB: a WebSocket opened by {@link ClientSession#wsConnect}; being written. */
public final class WebSocketSession {
    WebSocketSession() {
    }
}
