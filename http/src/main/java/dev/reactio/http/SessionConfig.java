package dev.reactio.http;

import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A session's settings, frozen from its {@link ClientSession.Builder}, and the last URL it
 * resolved. Exchanges refer to this, never to the {@link ClientSession}: a pooled connection
 * may keep its last exchange reachable, and the session must stay collectable so that an
 * unclosed one can be reported.
 */
final class SessionConfig {

    static final String USER_AGENT = "Reactio-http/0.1 (reactor-netty)";

    final @Nullable URI baseUrl;
    final Map<String, List<String>> headers;
    final ClientTimeout timeout;
    final int limit;
    final int limitPerHost;
    final boolean raiseForStatus;
    final @Nullable BasicAuth auth;
    final @Nullable CookieJar cookieJar;
    final long maxResponseSize;
    final int followRedirects;
    final @Nullable SslContext ssl;
    /** The last URL resolved without params, and its URI (immutable): most sessions repeat URLs. */
    private volatile @Nullable Resolved lastResolved;

    SessionConfig(ClientSession.Builder b) {
        this.baseUrl = b.baseUrl;
        this.headers = Headers.copy(b.headers);
        this.timeout = b.timeout;
        this.limit = b.limit;
        this.limitPerHost = b.limitPerHost;
        this.raiseForStatus = b.raiseForStatus;
        this.auth = b.auth;
        this.cookieJar = b.cookieJar != null ? b.cookieJar : b.cookies ? new CookieJar() : null;
        this.maxResponseSize = b.maxResponseSize;
        this.followRedirects = b.followRedirects;
        this.ssl = b.ssl;
    }

    /**
     * {@link ClientSession#resolve} against the base URL, remembering the last URL resolved
     * without params (a request loop on one URL parses it once). Invalid URLs are not
     * remembered, so they fail every time.
     */
    URI resolveUrl(String url, List<Map.Entry<String, String>> params) {
        if (!params.isEmpty()) {
            return ClientSession.resolve(baseUrl, url, params);
        }
        Resolved last = lastResolved;
        if (last != null && last.url.equals(url)) {
            return last.uri;
        }
        URI uri = ClientSession.resolve(baseUrl, url, params);
        lastResolved = new Resolved(url, uri);
        return uri;
    }

    private record Resolved(String url, URI uri) {
    }
}
