package dev.reactio.http;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A session's settings, frozen from its {@link ClientSession.Builder}, and its
 * {@link UrlResolver}. Exchanges refer to this, never to the {@link ClientSession}: a pooled
 * connection may keep its last exchange reachable, and the session must stay collectable so
 * that an unclosed one can be reported.
 */
final class SessionConfig {

    static final String USER_AGENT = "Reactio-http/0.1 (reactor-netty)";

    /** Resolves request URLs against the {@code baseUrl}. */
    final UrlResolver urls;

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

    SessionConfig(ClientSession.Builder b) {
        this.urls = new UrlResolver(b.baseUrl);
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
}
