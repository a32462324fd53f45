package dev.reactio.http;

/**
 * Thrown when the server closed the connection before it sent a response (or any of it):
 * aiohttp's {@code ServerDisconnectedError}. Often a keep-alive connection the server had just
 * closed; retrying an idempotent request is usually safe. A connection lost after the response
 * began fails with {@link ClientPayloadException} instead.
 */
public final class ServerDisconnectedException extends ClientConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the method and the URL
     * @param cause the transport's exception
     */
    public ServerDisconnectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
