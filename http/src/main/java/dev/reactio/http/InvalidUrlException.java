package dev.reactio.http;

/**
 * A URL cannot be requested: it does not parse, has no host, or its scheme is not {@code http},
 * {@code https}, {@code ws} or {@code wss}; the URL may be the one given, or a redirect's
 * {@code Location}. aiohttp's {@code InvalidURL} (and {@code InvalidUrlRedirectClientError}).
 * Signalled when the request is subscribed, like every other request error. A password in the
 * URL is masked ({@code http://alice:***@host/}) in the message and in {@link #url()}.
 */
public final class InvalidUrlException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final String url;

    /**
     * @param url the URL as given; a password in it is masked
     * @param problem what is wrong with it
     */
    public InvalidUrlException(String url, String problem) {
        this(Urls.redact(url), problem, true);
    }

    private InvalidUrlException(String redacted, String problem, boolean unused) {
        super("Invalid URL \"" + redacted + "\": " + problem);
        this.url = redacted;
    }

    /** @return the URL as given, its password masked */
    public String url() {
        return url;
    }
}
