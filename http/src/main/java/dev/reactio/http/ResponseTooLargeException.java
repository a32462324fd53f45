package dev.reactio.http;

import java.net.URI;

/**
 * A response body is larger than the session's {@code maxResponseSize}. The body was not read
 * past the limit: the connection was closed rather than drained, so a huge or endless response
 * costs no more than the limit.
 */
public final class ResponseTooLargeException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final long limit;
    private final URI url;

    /**
     * @param limit the {@code maxResponseSize} in bytes
     * @param url the URL whose body was too large
     * @param declared the {@code Content-Length} the server announced, or -1 if it did not
     */
    public ResponseTooLargeException(long limit, URI url, long declared) {
        super("Response body from " + url + " is larger than maxResponseSize (" + limit + " bytes)"
                + (declared >= 0 ? ": Content-Length is " + declared : "")
                + "; raise ClientSession.builder().maxResponseSize(...) or use stream(...)");
        this.limit = limit;
        this.url = url;
    }

    /** @return the limit that was exceeded, in bytes */
    public long limit() {
        return limit;
    }

    /** @return the URL whose body was too large */
    public URI url() {
        return url;
    }
}
