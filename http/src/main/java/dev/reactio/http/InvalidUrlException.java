package dev.reactio.http;

/**
 * A URL cannot be requested: it does not parse, has no host, or its scheme is not {@code http},
 * {@code https}, {@code ws} or {@code wss}. aiohttp's {@code InvalidURL}. Signalled when the
 * request is subscribed, like every other request error.
 */
public class InvalidUrlException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final String url;

    /**
     * @param url the URL as given
     * @param problem what is wrong with it
     */
    public InvalidUrlException(String url, String problem) {
        super("Invalid URL \"" + url + "\": " + problem);
        this.url = url;
    }

    /** @return the URL as given */
    public String url() {
        return url;
    }
}
