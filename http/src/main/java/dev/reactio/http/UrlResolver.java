package dev.reactio.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A session's request URLs: resolved against its {@code baseUrl}, with the request's
 * {@code params} appended, checked to be requestable: aiohttp's {@code base_url} joining and
 * {@code params=}. Thread-safe; it remembers the last URL resolved without params, since most
 * sessions repeat their URLs.
 */
final class UrlResolver {

    private final @Nullable URI base;
    /** The last URL resolved without params, and its URI (both immutable). */
    private volatile @Nullable Resolved last;

    /** @param base the session's {@code baseUrl}, already {@link #resolve checked}, or null for none */
    UrlResolver(@Nullable URI base) {
        this.base = base;
    }

    /**
     * {@link #resolve(URI, String, List)} against the base URL, remembering the last URL
     * resolved without params (a request loop on one URL parses it once). Invalid URLs are not
     * remembered, so they fail every time.
     */
    URI resolve(String url, List<Map.Entry<String, String>> params) {
        if (!params.isEmpty()) {
            return resolve(base, url, params);
        }
        Resolved r = last;
        if (r != null && r.url.equals(url)) {
            return r.uri;
        }
        URI uri = resolve(base, url, params);
        last = new Resolved(url, uri);
        return uri;
    }

    /**
     * Resolves {@code url} against {@code base} (RFC 2396, as {@link URI#resolve}) and appends
     * {@code params} to its query, form-encoded in UTF-8; appending params drops the fragment.
     *
     * @throws InvalidUrlException if {@code url} does not parse, is relative without a base,
     *     its scheme is not {@code http}, {@code https}, {@code ws} or {@code wss}, or it has
     *     no host
     */
    static URI resolve(@Nullable URI base, String url, List<Map.Entry<String, String>> params) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidUrlException(url, e.getReason() + " at index " + e.getIndex());
        }
        if (!uri.isAbsolute()) {
            if (base == null) {
                throw new InvalidUrlException(url, "not absolute, and the session has no baseUrl");
            }
            uri = base.resolve(uri);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
            throw new InvalidUrlException(url, "scheme " + uri.getScheme() + " is not http, https, ws or wss");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidUrlException(url, "no host" + hostHint(uri));
        }
        return params.isEmpty() ? uri : withParams(uri, params);
    }

    private static URI withParams(URI uri, List<Map.Entry<String, String>> params) {
        StringBuilder q = new StringBuilder();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            q.append(raw);
        }
        for (Map.Entry<String, String> p : params) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        String s = uri.toString();
        int cut = s.length();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            cut = hash;
        }
        int qm = s.indexOf('?');
        if (qm >= 0 && qm < cut) {
            cut = qm;
        }
        return URI.create(s.substring(0, cut) + "?" + q);
    }

    /**
     * Why {@code uri} has no host although it has an authority, e.g. {@code http://my_host:8080/}:
     * {@link URI} takes a host of letters, digits, {@code '-'} and {@code '.'} only, and leaves
     * anything else a registry-based authority without host.
     */
    static String hostHint(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            return "";
        }
        int at = authority.lastIndexOf('@');
        return ": \"" + authority.substring(at + 1) + "\" is not a valid host[:port] (a host name may hold letters, "
                + "digits, '-' and '.' only; java.net.URI refuses '_')";
    }

    /**
     * {@code uri} as a WebSocket URL: {@code http} becomes {@code ws} and {@code https}
     * {@code wss}; a {@code ws(s)} URL is returned as it is.
     */
    static URI toWebSocket(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            return URI.create(
                    (scheme.equals("http") ? "ws" : "wss") + uri.toString().substring(scheme.length()));
        }
        return uri;
    }

    private record Resolved(String url, URI uri) {}
}
