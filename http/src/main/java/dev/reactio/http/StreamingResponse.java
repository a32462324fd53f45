package dev.reactio.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import reactor.core.publisher.Flux;

/**
 * A response whose body is still on the wire, handed to the handler of
 * {@link ClientSession#stream}: aiohttp's {@code resp.content}. The body can be consumed once,
 * with backpressure: the socket is read only as fast as {@link #content()} is requested.
 */
public final class StreamingResponse {

    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final URI url;
    private final Flux<byte[]> content;

    StreamingResponse(int status, String reason, HttpHeaders headers, URI url, Flux<byte[]> content) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.url = url;
        this.content = content;
    }

    /** @return the HTTP status code */
    public int status() {
        return status;
    }

    /** @return the reason phrase */
    public String reason() {
        return reason;
    }

    /** @return the response headers */
    public HttpHeaders headers() {
        return headers;
    }

    /** @return the URL that answered */
    public URI url() {
        return url;
    }

    /**
     * The body as it arrives, one array per network chunk (decompressed when gzip-encoded):
     * {@code resp.content.iter_any()}. Subscribe at most once.
     *
     * @return the body chunks; cancelling it closes the connection instead of returning it.
     *     Errors with {@link ClientPayloadException} when the body is cut short (the connection
     *     closed before its end), badly chunked or not in its {@code Content-Encoding}
     */
    public Flux<byte[]> content() {
        return content;
    }

    @Override
    public String toString() {
        return "<StreamingResponse(" + url + ") [" + status + " " + reason + "]>";
    }
}
