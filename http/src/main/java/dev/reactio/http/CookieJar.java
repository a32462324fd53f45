package dev.reactio.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.cookie.ClientCookieDecoder;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cookies a {@link ClientSession} received, sent back to the hosts they belong to: aiohttp's
 * {@code CookieJar}. Follows RFC 6265's storage model: host-only and domain cookies, path
 * matching, {@code Secure} (sent over https only), {@code Max-Age}/{@code Expires} (expired
 * cookies are dropped; {@code Max-Age=0} deletes). A cookie is never sent to a host it was not
 * set for, so a redirect to another host does not carry it.
 *
 * <p>Unlike aiohttp's default jar ({@code unsafe=False}), cookies from IP-address hosts such as
 * {@code 127.0.0.1} are kept (host-only), so local test servers work. Thread-safe; a jar may be
 * shared by several sessions through {@link ClientSession.Builder#cookieJar(CookieJar)}.
 */
public final class CookieJar {

    private final Clock clock;
    /** Guards {@link #entries}; private, so that no user code holding the jar can hold it. */
    private final Object lock = new Object();
    /** Key: domain + ';' + path + ';' + name. Guarded by {@link #lock}. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** An empty jar on the system clock. */
    public CookieJar() {
        this(Clock.systemUTC());
    }

    /**
     * An empty jar whose expiry decisions use {@code clock} (tests).
     *
     * @param clock the clock
     */
    public CookieJar(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Stores the cookies of {@code Set-Cookie} header values received from {@code responseUrl}:
     * {@code jar.update_cookies(resp.cookies, resp.url)}. Invalid ones and those for a domain the
     * URL's host does not belong to are ignored, as a browser does.
     *
     * @param responseUrl the URL that sent them
     * @param setCookieHeaders the {@code Set-Cookie} values
     */
    public void updateCookies(URI responseUrl, List<String> setCookieHeaders) {
        Objects.requireNonNull(responseUrl, "responseUrl");
        Objects.requireNonNull(setCookieHeaders, "setCookieHeaders");
        String host = host(responseUrl);
        if (host == null) {
            return;
        }
        long now = clock.millis();
        for (String header : setCookieHeaders) {
            Cookie c = header == null ? null : ClientCookieDecoder.LAX.decode(header);
            if (c != null) {
                store(c, host, responseUrl, now, expires(header));
            }
        }
    }

    /**
     * The {@code Expires} date of a {@code Set-Cookie} value in epoch millis, or {@code null} when
     * there is none or {@code Max-Age} wins (RFC 6265 5.3 step 3). Netty's decoder turns
     * {@code Expires} into a {@code Max-Age} counted from the system clock; the date itself is
     * kept here so that expiry follows this jar's clock.
     */
    private static @Nullable Long expires(String header) {
        String[] attributes = header.split(";");
        @Nullable Long expires = null;
        for (int i = 1; i < attributes.length; i++) {
            String a = attributes[i].trim();
            int eq = a.indexOf('=');
            String name = (eq < 0 ? a : a.substring(0, eq)).trim();
            if (name.equalsIgnoreCase("Max-Age")) {
                return null;
            }
            if (name.equalsIgnoreCase("Expires") && eq >= 0) {
                java.util.Date date = DateFormatter.parseHttpDate(a.substring(eq + 1).trim());
                if (date != null) {
                    expires = date.getTime();
                }
            }
        }
        return expires;
    }

    /**
     * Stores one cookie for {@code url}'s host (host-only, path {@code /}):
     * {@code jar.update_cookies({name: value}, url)}.
     *
     * @param url the URL whose host gets the cookie
     * @param name the cookie name
     * @param value the cookie value
     * @throws IllegalArgumentException if the name or value contains CR, LF or a character above
     *     U+00FF (the {@code Cookie} header is sent as ISO-8859-1), or the URL has no host
     */
    public void setCookie(URI url, String name, String value) {
        Objects.requireNonNull(url, "url");
        Headers.checkText("cookie name", Objects.requireNonNull(name, "name"));
        Headers.checkText("cookie value", Objects.requireNonNull(value, "value"));
        String host = host(url);
        if (host == null) {
            throw new IllegalArgumentException("cookie URL has no host: " + Urls.redact(url));
        }
        DefaultCookie c = new DefaultCookie(name, value);
        c.setPath("/");
        store(c, host, url, clock.millis(), null);
    }

    /**
     * The cookies to send to {@code requestUrl}, longest path first:
     * {@code jar.filter_cookies(url)}.
     *
     * @param requestUrl the URL of a request
     * @return the matching, unexpired cookies
     */
    public List<Cookie> filterCookies(URI requestUrl) {
        synchronized (lock) {
            Objects.requireNonNull(requestUrl, "requestUrl");
            String host = host(requestUrl);
            if (host == null || entries.isEmpty()) {
                return List.of();
            }
            String scheme = requestUrl.getScheme() == null ? "" : requestUrl.getScheme().toLowerCase(Locale.ROOT);
            boolean secure = scheme.equals("https") || scheme.equals("wss");
            String path = requestUrl.getRawPath() == null || requestUrl.getRawPath().isEmpty() ? "/" : requestUrl.getRawPath();
            long now = clock.millis();
            List<Entry> matched = new ArrayList<>();
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.expiresAt <= now) {
                    it.remove();
                    continue;
                }
                boolean hostOk = e.hostOnly ? host.equals(e.domain) : domainMatch(host, e.domain);
                if (hostOk && pathMatch(path, e.path) && (!e.cookie.isSecure() || secure)) {
                    matched.add(e);
                }
            }
            matched.sort(Comparator.comparingInt((Entry e) -> e.path.length()).reversed());
            List<Cookie> out = new ArrayList<>(matched.size());
            for (Entry e : matched) {
                out.add(e.cookie);
            }
            return out;
        }
    }

    /** The {@code Cookie} header for {@code requestUrl}, or {@code null} if none matches. */
    @Nullable String cookieHeader(URI requestUrl) {
        List<Cookie> cookies = filterCookies(requestUrl);
        return cookies.isEmpty() ? null : ClientCookieEncoder.LAX.encode(cookies);
    }

    /** @return every unexpired cookie in the jar */
    public List<Cookie> cookies() {
        synchronized (lock) {
            long now = clock.millis();
            entries.values().removeIf(e -> e.expiresAt <= now);
            List<Cookie> out = new ArrayList<>(entries.size());
            entries.values().forEach(e -> out.add(e.cookie));
            return out;
        }
    }

    /** @return how many unexpired cookies the jar holds: {@code len(jar)} */
    public int size() {
        return cookies().size();
    }

    /** Forgets every cookie: {@code jar.clear()}. */
    public void clear() {
        synchronized (lock) {
            entries.clear();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "CookieJar[" + entries.size() + " cookies]";
        }
    }

    // ------------------------------------------------------------------ internals

    /** @param expiresAt the {@code Expires} date in epoch millis, when it decides; else {@code Max-Age} does */
    private void store(Cookie c, String host, URI url, long now, @Nullable Long expiresAt) {
        synchronized (lock) {
            String domain = c.domain();
            boolean hostOnly;
            if (domain == null || domain.isEmpty()) {
                hostOnly = true;
                domain = host;
            } else {
                domain = domain.toLowerCase(Locale.ROOT);
                if (domain.startsWith(".")) {
                    domain = domain.substring(1);
                }
                if (!domainMatch(host, domain)) {
                    return; // a host may only set cookies for itself and its parent domains
                }
                hostOnly = false;
            }
            String path = c.path();
            if (path == null || !path.startsWith("/")) {
                path = defaultPath(url);
            }
            String key = domain + ';' + path + ';' + c.name();
            long maxAge = c.maxAge();
            long expiry;
            if (expiresAt != null) {
                expiry = expiresAt;
            } else if (maxAge == Cookie.UNDEFINED_MAX_AGE) {
                expiry = Long.MAX_VALUE;
            } else {
                expiry = maxAge <= 0 ? now : now + Math.min(maxAge, Long.MAX_VALUE / 2000) * 1000;
            }
            if (expiry <= now) {
                entries.remove(key);
                return;
            }
            DefaultCookie stored = new DefaultCookie(c.name(), c.value());
            stored.setDomain(domain);
            stored.setPath(path);
            stored.setSecure(c.isSecure());
            stored.setHttpOnly(c.isHttpOnly());
            stored.setMaxAge(maxAge);
            stored.setWrap(c.wrap());
            entries.remove(key); // re-insert: newest last
            entries.put(key, new Entry(stored, domain, path, hostOnly, expiry));
        }
    }

    private static @Nullable String host(URI url) {
        String h = url.getHost();
        if (h == null || h.isEmpty()) {
            return null;
        }
        h = h.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    /** RFC 6265 5.1.3; an IP address only matches itself. */
    private static boolean domainMatch(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return host.endsWith("." + domain) && !isIp(host);
    }

    private static boolean isIp(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    /** RFC 6265 5.1.4. */
    private static boolean pathMatch(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** RFC 6265 5.1.4's default-path. */
    private static String defaultPath(URI url) {
        String p = url.getRawPath();
        if (p == null || p.isEmpty() || !p.startsWith("/")) {
            return "/";
        }
        int last = p.lastIndexOf('/');
        return last <= 0 ? "/" : p.substring(0, last);
    }

    private record Entry(Cookie cookie, String domain, String path, boolean hostOnly, long expiresAt) {
    }
}
