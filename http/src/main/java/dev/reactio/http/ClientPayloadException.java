package dev.reactio.http;

import java.net.URI;

/**
 * A response body could not be read or decoded: the connection was lost (or closed) before the
 * body's end, the chunked framing was broken, the body was not in its {@code Content-Encoding}
 * (aiohttp's {@code ClientPayloadError}), or {@link ClientResponse#json()} found no valid JSON
 * (aiohttp's {@code ContentTypeError} / {@code JSONDecodeError}). The message names the method
 * and the URL, and for JSON the position of the problem; a connection the body broke on is
 * closed, never reused.
 */
public final class ClientPayloadException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final URI url;

    /**
     * @param message what could not be decoded, naming the URL and the position
     * @param url the URL whose body it was
     * @param cause the decoder's exception
     */
    public ClientPayloadException(String message, URI url, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    /** @return the URL whose body could not be decoded */
    public URI url() {
        return url;
    }
}
