package dev.reactio.http;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a server's answer cannot be read as an HTTP response: a malformed status line or
 * header, a header section over Netty's size limit (8 KiB), an invalid {@code Content-Length} or
 * {@code Transfer-Encoding}, a {@code 101 Switching Protocols} the request did not ask for.
 * aiohttp's {@code ClientResponseError} raised from its parser's {@code BadHttpMessage}, and like
 * it {@link #status()} is {@code 400} (the message was bad, whatever status it claimed) and
 * {@link #reason()} is {@code "Bad Response"}. The connection it came on was closed, never
 * returned to the pool. The message names the method, the URL (without credentials) and the
 * problem, e.g. {@code "Malformed response to GET http://host/x: invalid status line
 * \"HTTP/1.1 abc OK\""}; the cause is Netty's decoder exception, when there is one.
 */
public final class MalformedResponseException extends ClientResponseException {

    private static final long serialVersionUID = 1L;

    private final String method;

    /**
     * @param method the request's method
     * @param url the request's URL, without credentials
     * @param problem what was wrong with the response
     * @param cause the decoder's exception, or {@code null}
     */
    public MalformedResponseException(String method, URI url, String problem, @Nullable Throwable cause) {
        super(400, "Bad Response", url, "Malformed response to " + method + " " + url + ": " + problem, cause);
        this.method = method;
    }

    /** @return the method of the request that got the malformed response */
    public String method() {
        return method;
    }
}
