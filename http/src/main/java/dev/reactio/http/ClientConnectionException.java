package dev.reactio.http;

/**
 * The connection to the server could not be made or was lost: refused, unknown host, reset,
 * closed before the response was complete. aiohttp's {@code ClientConnectionError}. The
 * {@linkplain #getCause() cause} is the transport's own exception.
 */
public class ClientConnectionException extends ClientException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, naming the URL
     * @param cause the transport's exception
     */
    public ClientConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
