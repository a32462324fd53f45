package dev.reactio.http;

/**
 * The base of every error {@link ClientSession} signals for a failed exchange: aiohttp's
 * {@code ClientError}. Timeouts are the JDK's {@link java.util.concurrent.TimeoutException}
 * instead, and bad arguments {@link IllegalArgumentException}, as everywhere in Reactio.
 */
public sealed class ClientException extends RuntimeException
        permits ClientConnectionException,
                ClientResponseException,
                ClientPayloadException,
                TooManyRedirectsException,
                ResponseTooLargeException,
                InvalidUrlException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and, where it helps, what to do
     */
    public ClientException(String message) {
        super(message);
    }

    /**
     * @param message what happened and, where it helps, what to do
     * @param cause the underlying error
     */
    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
