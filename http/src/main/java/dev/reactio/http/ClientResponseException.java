package dev.reactio.http;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A response had a 4xx or 5xx status and the caller asked for that to be an error
 * ({@link ClientResponse#raiseForStatus()}, or {@code raiseForStatus(true)} on the session or
 * the request). aiohttp's {@code ClientResponseError}; the message holds the status, the reason
 * and the URL, e.g. {@code "404 Not Found for http://localhost:8080/missing"}.
 */
public sealed class ClientResponseException extends ClientException
        permits MalformedResponseException, WsServerHandshakeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;
    private final URI url;

    /**
     * @param status the HTTP status code
     * @param reason the reason phrase
     * @param url the URL that answered (after redirects)
     */
    public ClientResponseException(int status, String reason, URI url) {
        super(status + " " + reason + " for " + url);
        this.status = status;
        this.reason = reason;
        this.url = url;
    }

    /**
     * For subclasses that say more than the status line, such as
     * {@link WsServerHandshakeException}.
     *
     * @param status the HTTP status code
     * @param reason the reason phrase
     * @param url the URL that answered
     * @param message the whole message
     * @param cause the underlying error, or {@code null}
     */
    protected ClientResponseException(int status, String reason, URI url, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
        this.url = url;
    }

    /** @return the HTTP status code, e.g. 404 */
    public int status() {
        return status;
    }

    /** @return the reason phrase, e.g. {@code "Not Found"} */
    public String reason() {
        return reason;
    }

    /** @return the URL that answered with this status (after redirects) */
    public URI url() {
        return url;
    }
}
