package dev.reactio.http;

import java.net.URI;
import java.util.List;

/**
 * A request was redirected more often than the session allows ({@code followRedirects(max)},
 * default 10). aiohttp's {@code TooManyRedirects}.
 */
public final class TooManyRedirectsException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final transient List<ClientResponse> history;

    /**
     * @param max the most redirects allowed
     * @param url the URL of the last redirect response
     * @param history the redirect responses, oldest first
     */
    public TooManyRedirectsException(int max, URI url, List<ClientResponse> history) {
        super("More than " + max + " redirects, the last from " + url
                + "; raise ClientSession.builder().followRedirects(...) if this is expected");
        this.history = List.copyOf(history);
    }

    /** @return the redirect responses that were followed, oldest first */
    public List<ClientResponse> history() {
        return history;
    }
}
