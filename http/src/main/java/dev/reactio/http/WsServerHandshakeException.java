package dev.reactio.http;

import java.net.URI;

/**
 * Thrown when the server refused the WebSocket upgrade of {@link ClientSession#wsConnect}:
 * aiohttp's {@code WSServerHandshakeError}. Usually the status is not {@code 101} (e.g. 404
 * for a path that is not a WebSocket endpoint); with 101 the server's handshake headers were
 * wrong (a bad {@code Sec-WebSocket-Accept}, or a subprotocol that was not offered). The
 * message names the URL and the status, e.g. {@code "WebSocket handshake with
 * ws://localhost:8080/get failed: the server answered 404 Not Found, not 101 Switching
 * Protocols"}; the cause is Netty's handshake exception.
 */
public final class WsServerHandshakeException extends ClientResponseException {

    private static final long serialVersionUID = 1L;

    /**
     * @param status the status the server answered with
     * @param reason its reason phrase
     * @param url the WebSocket URL
     * @param detail what was wrong, e.g. {@code "the server answered 404 Not Found, not 101 Switching Protocols"}
     * @param cause Netty's handshake exception
     */
    public WsServerHandshakeException(int status, String reason, URI url, String detail, Throwable cause) {
        super(status, reason, url, "WebSocket handshake with " + url + " failed: " + detail, cause);
    }
}
