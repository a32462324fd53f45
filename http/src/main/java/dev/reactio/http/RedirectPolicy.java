package dev.reactio.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether a response redirects, and what the next request is: aiohttp's rules (those of
 * browsers too) for following {@code 301}, {@code 302}, {@code 303}, {@code 307} and
 * {@code 308}. Pure: no I/O and no Reactor, so that every case is tested without a socket;
 * {@link Exchange} sends the hops it decides. Immutable and thread-safe, as are its
 * {@link Hop}s and {@link Decision}s.
 */
final class RedirectPolicy {

    /** The decision for every response that is not a redirect to follow. */
    static final Decision FINAL = new Decision.Final();

    private final boolean allow;
    private final int max;

    /**
     * @param allow whether redirects are followed at all ({@code allow_redirects})
     * @param max the most redirects followed; one more is {@link Decision.TooMany}
     */
    RedirectPolicy(boolean allow, int max) {
        this.allow = allow;
        this.max = max;
    }

    /** @return the most redirects followed */
    int max() {
        return max;
    }

    /**
     * What to do after {@code status} answered {@code hop}.
     *
     * @param hop the request that was answered
     * @param status the response's status
     * @param location the response's {@code Location} header, if any
     * @param followed how many redirects were followed before {@code hop}
     * @return {@link #FINAL} unless redirects are allowed and {@code status} redirects with a
     *     {@code Location}; else the next hop, or {@link Decision.TooMany} past the maximum
     * @throws InvalidUrlException if the {@code Location} does not parse, or resolves to a URL
     *     that is not {@code http(s)} or has no host (checked before the maximum)
     */
    Decision decide(Hop hop, int status, @Nullable String location, int followed) {
        if (!allow || !isRedirect(status) || location == null || location.isEmpty()) {
            return FINAL;
        }
        URI next = resolve(hop.url(), location);
        if (followed >= max) {
            return new Decision.TooMany(max);
        }
        return new Decision.Follow(hop.next(status, next));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * {@code location} resolved against {@code from} (RFC 2396, as {@link URI#resolve}: the
     * fragment is the {@code Location}'s own, never inherited), without user-info.
     */
    static URI resolve(URI from, String location) {
        URI next;
        try {
            next = from.resolve(new URI(location));
        } catch (URISyntaxException e) {
            throw new InvalidUrlException(location, "redirect from " + from + ": " + e.getReason());
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidUrlException(location, "redirect from " + from + " to a non-HTTP URL");
        }
        if (next.getHost() == null || next.getHost().isEmpty()) {
            throw new InvalidUrlException(
                    location, "redirect from " + from + " to a URL without a host" + UrlResolver.hostHint(next));
        }
        // Credentials in a Location are the server's, not the caller's: neither sent nor kept
        // (aiohttp sends them; a redirect must not change who the client authenticates as).
        return Urls.withoutUserInfo(next);
    }

    /**
     * Whether a session or request header named {@code name} is still sent once a redirect
     * left the first origin: {@code Authorization}, {@code Proxy-Authorization} and an explicit
     * {@code Cookie} are not (the jar's cookies go wherever their domain matches).
     */
    static boolean survivesOriginChange(String name) {
        return !(name.equalsIgnoreCase("Authorization")
                || name.equalsIgnoreCase("Cookie")
                || name.equalsIgnoreCase("Proxy-Authorization"));
    }

    /** {@code scheme://host:port}, lower case, default port filled in: compared, never parsed. */
    static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        if (port < 0) {
            port = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /**
     * One request of a chain of redirects, as far as redirects change it.
     *
     * @param method the method, upper case
     * @param url the URL, without user-info
     * @param body what is sent
     * @param first the first hop's URL, whose origin credentials belong to
     * @param crossOrigin whether some hop up to this one left the first origin: it stays set
     *     even when a later redirect comes back
     */
    record Hop(String method, URI url, Body body, URI first, boolean crossOrigin) {

        /** @return the first hop of a request */
        static Hop first(String method, URI url, Body body) {
            return new Hop(method, url, body, url, false);
        }

        /**
         * The hop after a {@code status} redirect to {@code next}: a {@code 303} turns any
         * method but {@code HEAD} into a {@code GET} without body, and a {@code 301} or
         * {@code 302} does so to a {@code POST}; otherwise ({@code 307}, {@code 308}) the method
         * and body are kept.
         */
        Hop next(int status, URI next) {
            boolean toGet = status == 303 && !method.equals("HEAD")
                    || (status == 301 || status == 302) && method.equals("POST");
            boolean leaves = crossOrigin || !origin(next).equals(origin(first));
            return toGet
                    ? new Hop("GET", next, Body.empty(), first, leaves)
                    : new Hop(method, next, body, first, leaves);
        }

        /** @return whether the session or request header {@code name} is sent with this hop */
        boolean sends(String name) {
            return !crossOrigin || survivesOriginChange(name);
        }

        /** @return whether the request's {@link BasicAuth} is sent with this hop */
        boolean sendsAuth() {
            return !crossOrigin;
        }
    }

    /** What follows a response: nothing, the next hop, or a failure for too many redirects. */
    sealed interface Decision {

        /** The response is the final one: not a redirect, or not one to follow. */
        record Final() implements Decision {}

        /** A redirect to follow with {@code next}. */
        record Follow(Hop next) implements Decision {}

        /** A redirect past the {@code max} allowed: {@link TooManyRedirectsException}. */
        record TooMany(int max) implements Decision {}
    }
}
