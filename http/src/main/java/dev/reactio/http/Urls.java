package dev.reactio.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Credentials in URLs ({@code http://alice:s3cret@host/}): taken out of the URL that is
 * requested, turned into {@link BasicAuth} as aiohttp's {@code BasicAuth.from_url} does, and
 * masked wherever a URL is printed.
 */
final class Urls {

    private Urls() {}

    /**
     * {@code url} with its password masked, for messages: {@code http://alice:***@host/}; a
     * user-info without a password is masked whole ({@code http://***@host/}), since a token
     * is often sent that way. Works on strings that do not parse as URIs too.
     */
    static String redact(String url) {
        int slashes = url.indexOf("//");
        // without "//" ("alice:s3cret@host/", a scheme forgotten) anything before an '@' may be a secret
        int start = slashes < 0 ? 0 : slashes + 2;
        int end = url.length();
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        String masked = colon >= 0 && colon < at ? url.substring(start, colon) + ":***" : "***";
        return url.substring(0, start) + masked + url.substring(at);
    }

    /** {@link #redact(String)} for a URI. */
    static String redact(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString() : redact(uri.toString());
    }

    /** @return the credentials of {@code uri}'s user-info, percent-decoded (UTF-8), or null if it has none */
    static @Nullable BasicAuth credentials(URI uri) {
        String raw = uri.getRawUserInfo();
        if (raw == null) {
            return null;
        }
        int colon = raw.indexOf(':');
        String login = decode(colon < 0 ? raw : raw.substring(0, colon));
        String password = colon < 0 ? "" : decode(raw.substring(colon + 1));
        return new BasicAuth(login, password);
    }

    /** @return {@code uri} without its user-info; {@code uri} itself when it has none */
    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString();
        int start = s.indexOf("//") + 2;
        int at = s.indexOf('@', start);
        return URI.create(s.substring(0, start) + s.substring(at + 1));
    }

    /** Percent-decoding as RFC 3986 has it ({@code +} stays a plus, unlike a form). */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else {
                int next = s.indexOf('%', i + 1);
                int end = next < 0 ? s.length() : next;
                out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
