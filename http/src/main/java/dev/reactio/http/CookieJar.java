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
 * <h2>What a server cannot do</h2>
 * The jar keeps what a browser keeps (RFC 6265 and its successor, draft RFC 6265bis) and ignores
 * the rest, cookie by cookie:
 * <ul>
 * <li>set a cookie for another domain: a {@code Domain} must be the host or one of its parent
 * domains, and not a public suffix ({@code com}, {@code co.uk}, {@code github.io}…, from a bundled
 * snapshot of the Public Suffix List, both its ICANN and PRIVATE sections), or a cookie from
 * {@code evil.co.uk} would go to {@code bank.co.uk}. A {@code Domain} equal to the host makes a
 * host-only cookie even for a public suffix (RFC 6265 5.3 step 5). An IP-address host accepts
 * only itself as {@code Domain};
 * <li>set a {@code Secure} cookie over plain http, or overwrite, delete or shadow (same name,
 * overlapping domain, deeper path) a {@code Secure} cookie from plain http;
 * <li>break a name prefix's promise: {@code __Secure-} needs {@code Secure} (from https);
 * {@code __Host-} also needs no {@code Domain} and {@code Path=/} (prefixes match in any case);
 * <li>fill the memory: a cookie's name and value may have 4,096 bytes together, a {@code Domain}
 * or {@code Path} 1,024 (a longer one is ignored as if absent); a domain keeps at most 50
 * cookies and the jar 3,000 (RFC 6265 6.1's minimums, what browsers keep). Past a limit, expired
 * cookies go first, then the least recently used (set or sent) ones;
 * <li>fail a request: a {@code Set-Cookie} that cannot be read is ignored.
 * </ul>
 * A cookie whose {@code Path} is missing or does not start with {@code /} gets the directory of
 * the request's path (RFC 6265 5.1.4). Only https and wss are secure: unlike browsers, plain http
 * to {@code localhost} is not.
 *
 * <p>Unlike aiohttp's default jar ({@code unsafe=False}), cookies from IP-address hosts such as
 * {@code 127.0.0.1} are kept (host-only), so local test servers work. Thread-safe; a jar may be
 * shared by several sessions through {@link ClientSession.Builder#cookieJar(CookieJar)}.
 */
public final class CookieJar {

    /** The most cookies one domain keeps (RFC 6265 6.1's minimum, what browsers keep). */
    static final int MAX_PER_DOMAIN = 50;
    /** The most cookies the jar keeps (RFC 6265 6.1's minimum). */
    static final int MAX_TOTAL = 3000;
    /** The most bytes of name plus value (RFC 6265 6.1; RFC 6265bis 5.7 ignores larger cookies). */
    static final int MAX_NAME_VALUE_BYTES = 4096;
    /** The longest {@code Domain} or {@code Path} value; a longer one is ignored (RFC 6265bis 5.6). */
    static final int MAX_ATTRIBUTE_BYTES = 1024;

    private final Clock clock;
    /** Guards {@link #entries}; private, so that no user code holding the jar can hold it. */
    private final Object lock = new Object();
    /**
     * Key: domain + ';' + path + ';' + name. In access order: the least recently set or sent
     * cookie comes first, the first to go past a limit. Guarded by {@link #lock}.
     */
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

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
     * {@code jar.update_cookies(resp.cookies, resp.url)}. Invalid ones, and those the class
     * description lists (a public-suffix or foreign {@code Domain}, {@code Secure} over http,
     * broken prefixes, oversized ones), are ignored, as a browser does; this never throws for the
     * headers' content.
     *
     * @param responseUrl the URL that sent them; its scheme tells whether the origin is secure
     * @param setCookieHeaders the {@code Set-Cookie} values
     */
    public void updateCookies(URI responseUrl, List<String> setCookieHeaders) {
        Objects.requireNonNull(responseUrl, "responseUrl");
        Objects.requireNonNull(setCookieHeaders, "setCookieHeaders");
        String host = host(responseUrl);
        if (host == null) {
            return;
        }
        boolean secureOrigin = isSecure(responseUrl);
        for (String header : setCookieHeaders) {
            Cookie c = header == null ? null : decode(header);
            if (c != null) {
                store(c, host, responseUrl, secureOrigin, false, expires(header));
            }
        }
    }

    /**
     * Netty's decoder, or {@code null} where it refuses the header: it throws for a {@code Domain}
     * or {@code Path} with a character it does not allow (any non-ASCII byte), and a server's bad
     * header must cost that cookie, not the request.
     */
    private static @Nullable Cookie decode(String header) {
        try {
            return ClientCookieDecoder.LAX.decode(header);
        } catch (IllegalArgumentException e) {
            return null;
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
                java.util.Date date =
                        DateFormatter.parseHttpDate(a.substring(eq + 1).trim());
                if (date != null) {
                    expires = date.getTime();
                }
            }
        }
        return expires;
    }

    /**
     * Stores one cookie for {@code url}'s host (host-only, path {@code /}, not {@code Secure}):
     * {@code jar.update_cookies({name: value}, url)}. The jar's size limits apply; the rules
     * against servers do not (a plain-http URL may replace a {@code Secure} cookie).
     *
     * @param url the URL whose host gets the cookie
     * @param name the cookie name
     * @param value the cookie value
     * @throws IllegalArgumentException if {@code url} has no host, {@code name} or {@code value}
     *     contains CR, LF, NUL or a character above U+00FF (the {@code Cookie} header is sent as
     *     ISO-8859-1), they have more than 4,096 bytes together, or {@code name} starts with
     *     {@code __Secure-} or {@code __Host-} (whose promise, {@code Secure}, a plain cookie breaks)
     */
    public void setCookie(URI url, String name, String value) {
        Objects.requireNonNull(url, "url");
        Headers.checkText("cookie name", Objects.requireNonNull(name, "name"));
        Headers.checkText("cookie value", Objects.requireNonNull(value, "value"));
        String host = host(url);
        if (host == null) {
            throw new IllegalArgumentException("cookie URL has no host: " + Urls.redact(url));
        }
        String prefix = hasPrefix(name, "__Secure-") ? "__Secure-" : hasPrefix(name, "__Host-") ? "__Host-" : null;
        if (prefix != null) {
            throw new IllegalArgumentException("cookie name \"" + name + "\" has the " + prefix
                    + " prefix, which needs the Secure attribute: setCookie stores a plain cookie,"
                    + " so a server would trust it more than it should");
        }
        int bytes = utf8Length(name) + utf8Length(value);
        if (bytes > MAX_NAME_VALUE_BYTES) {
            throw new IllegalArgumentException("cookie " + name + " has " + bytes + " bytes of name and value; at most "
                    + MAX_NAME_VALUE_BYTES + " are kept");
        }
        DefaultCookie c = new DefaultCookie(name, value);
        c.setPath("/");
        store(c, host, url, isSecure(url), true, null);
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
            boolean secure = isSecure(requestUrl);
            String path =
                    requestUrl.getRawPath() == null || requestUrl.getRawPath().isEmpty()
                            ? "/"
                            : requestUrl.getRawPath();
            long now = clock.millis();
            List<Entry> matched = new ArrayList<>();
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
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
                entries.get(e.key); // sent: now the most recently used
            }
            return out;
        }
    }

    /** The {@code Cookie} header for {@code requestUrl}, or {@code null} if none matches. */
    @Nullable
    String cookieHeader(URI requestUrl) {
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

    /**
     * RFC 6265bis 5.7's storage steps for one cookie received from {@code url}.
     *
     * @param trusted whether the user set it ({@link #setCookie}), not a server
     * @param expiresAt the {@code Expires} date in epoch millis, when it decides; else {@code Max-Age} does
     */
    private void store(
            Cookie c, String host, URI url, boolean secureOrigin, boolean trusted, @Nullable Long expiresAt) {
        if (utf8Length(c.name()) + utf8Length(c.value()) > MAX_NAME_VALUE_BYTES) {
            return;
        }
        if (c.isSecure() && !secureOrigin) {
            return; // only a secure origin may set a Secure cookie
        }
        String domain = domainAttribute(c);
        boolean hostOnly;
        if (domain == null) {
            hostOnly = true;
            domain = host;
        } else if (domain.isEmpty()) {
            return; // not a domain name (or not one IDNA can write in ASCII)
        } else if (isIp(host)) {
            if (!domain.equals(host)) {
                return; // an IP address has no parent domains
            }
            hostOnly = true;
        } else if (PublicSuffixList.get().isPublicSuffix(domain)) {
            if (!domain.equals(host)) {
                return; // a cookie for com, co.uk, github.io… would go to every site under it
            }
            hostOnly = true; // RFC 6265 5.3 step 5: the suffix's own host may set a host-only cookie
        } else if (!domainMatch(host, domain)) {
            return; // a host may only set cookies for itself and its parent domains
        } else {
            hostOnly = false;
        }
        String path = c.path();
        boolean rootPathAttribute = "/".equals(path);
        if (path == null || !path.startsWith("/") || utf8Length(path) > MAX_ATTRIBUTE_BYTES) {
            path = defaultPath(url);
        }
        if (hasPrefix(c.name(), "__Secure-") && !c.isSecure()
                || hasPrefix(c.name(), "__Host-") && !(c.isSecure() && hostOnly && rootPathAttribute)) {
            return;
        }
        long now = clock.millis();
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
        synchronized (lock) {
            if (!secureOrigin && !trusted && shadowsASecureCookie(c.name(), domain, path)) {
                return; // RFC 6265bis 5.7 step 16: plain http leaves Secure cookies alone
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
            entries.remove(key); // re-insert: most recently used
            entries.put(key, new Entry(key, stored, domain, path, hostOnly, expiry));
            evict(domain, now);
        }
    }

    /**
     * The {@code Domain} attribute in lower-case ASCII without its leading dot, {@code null} when
     * there is none (or it is empty or too long: ignored, RFC 6265bis 5.6.3), {@code ""} when it is
     * not a domain name.
     */
    private static @Nullable String domainAttribute(Cookie c) {
        String domain = c.domain();
        if (domain == null || utf8Length(domain) > MAX_ATTRIBUTE_BYTES) {
            return null;
        }
        if (domain.startsWith(".")) {
            domain = domain.substring(1);
        }
        if (domain.isEmpty()) {
            return null;
        }
        if (domain.indexOf(':') >= 0) {
            return domain.toLowerCase(Locale.ROOT); // an IPv6 address: only compared with the host
        }
        String ascii = PublicSuffixList.toAscii(domain);
        return ascii == null ? "" : ascii;
    }

    /** Whether a cookie stored from plain http would overwrite or shadow a {@code Secure} one. Under {@link #lock}. */
    private boolean shadowsASecureCookie(String name, String domain, String path) {
        for (Entry e : entries.values()) {
            if (e.cookie.isSecure()
                    && e.cookie.name().equals(name)
                    && (domainMatch(e.domain, domain) || domainMatch(domain, e.domain))
                    && pathMatch(path, e.path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops cookies past the limits after {@code domain} got one: expired ones first, then the least
     * recently used of the domain, then of the jar (RFC 6265 5.3 step 12's order). Under {@link #lock}.
     */
    private void evict(String domain, long now) {
        if (countOf(domain) > MAX_PER_DOMAIN) {
            entries.values().removeIf(e -> e.expiresAt <= now);
            int excess = countOf(domain) - MAX_PER_DOMAIN;
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && excess > 0; ) {
                if (it.next().domain.equals(domain)) {
                    it.remove();
                    excess--;
                }
            }
        }
        if (entries.size() > MAX_TOTAL) {
            entries.values().removeIf(e -> e.expiresAt <= now);
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && entries.size() > MAX_TOTAL; ) {
                it.next();
                it.remove();
            }
        }
    }

    private int countOf(String domain) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.domain.equals(domain)) {
                n++;
            }
        }
        return n;
    }

    private static boolean isSecure(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("wss");
    }

    /** RFC 6265bis 4.1.3: cookie name prefixes match case-insensitively. */
    private static boolean hasPrefix(String name, String prefix) {
        return name.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
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

    private record Entry(String key, Cookie cookie, String domain, String path, boolean hostOnly, long expiresAt) {}
}
