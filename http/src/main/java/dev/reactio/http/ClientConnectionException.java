package dev.reactio.http;

/**
 * The connection to the server could not be made or was lost before the response began:
 * refused, unknown host, reset, TLS handshake failed; {@link ServerDisconnectedException} when
 * the server closed it before answering. aiohttp's {@code ClientConnectionError}. A connection
 * lost once the body was coming is a {@link ClientPayloadException} instead, as aiohttp's
 * {@code ClientPayloadError}. The {@linkplain #getCause() cause} is the transport's own exception.
 */
public sealed class ClientConnectionException extends ClientException permits ServerDisconnectedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the URL
     * @param cause the transport's exception
     */
    public ClientConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
