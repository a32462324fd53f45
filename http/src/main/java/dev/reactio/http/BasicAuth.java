package dev.reactio.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic credentials: aiohttp's {@code BasicAuth(login, password)}. Sent as an
 * {@code Authorization} header, and never to another origin after a redirect.
 *
 * @param login the user name; must not contain {@code ':'} (it could not be told apart from the
 *     password) nor CR/LF
 * @param password the password, may be empty, any characters (sent as UTF-8); must not contain
 *     CR/LF, and no message shows it
 */
public record BasicAuth(String login, String password) {

    /**
     * @throws IllegalArgumentException if {@code login} contains {@code ':'}, or either contains
     *     CR or LF
     */
    public BasicAuth {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        if (login.indexOf(':') >= 0) {
            throw new IllegalArgumentException("BasicAuth login must not contain ':', but was \"" + login + "\"");
        }
        Headers.checkNoCrLf("BasicAuth login", login);
        Headers.checkSecret("BasicAuth password", password);
    }

    /**
     * @return the {@code Authorization} header value, {@code "Basic " + base64(login:password)}
     *     (UTF-8)
     */
    public String encode() {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Does not show the password. */
    @Override
    public String toString() {
        return "BasicAuth[login=" + login + ", password=***]";
    }
}
