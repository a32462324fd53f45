package dev.reactio.http;

import java.net.URI;

/**
 * A response body could not be decoded as asked, e.g. {@link ClientResponse#json()} on a body
 * that is not valid JSON. aiohttp's {@code ContentTypeError} / {@code JSONDecodeError}; the
 * message names the URL and the position of the problem.
 */
public class ClientPayloadException extends ClientException {

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
