package dev.reactio.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * A response whose body has been read and whose connection is back in the pool: aiohttp's
 * {@code ClientResponse} after {@code await resp.read()}. Immutable and thread-safe; the
 * accessors do no I/O, so {@code text()} and {@code json()} return values, not {@code Mono}s.
 *
 * <pre>{@code
 * session.get(url).map(resp -> resp.status() + " " + resp.json().get("url").asText())
 * }</pre>
 */
public final class ClientResponse {

    private final String method;
    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final URI url;
    private final byte[] body;
    private final List<ClientResponse> history;

    ClientResponse(
            String method,
            int status,
            String reason,
            HttpHeaders headers,
            URI url,
            byte[] body,
            List<ClientResponse> history) {
        this.method = method;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.url = url;
        this.body = body;
        this.history = List.copyOf(history);
    }

    /** @return the HTTP status code: {@code resp.status} */
    public int status() {
        return status;
    }

    /** @return the reason phrase, e.g. {@code "OK"}: {@code resp.reason} */
    public String reason() {
        return reason;
    }

    /** @return whether the status is below 400: {@code resp.ok} */
    public boolean ok() {
        return status < 400;
    }

    /** @return the response headers (read-only use; Netty's case-insensitive multimap) */
    public HttpHeaders headers() {
        return headers;
    }

    /** @return the URL that answered, after redirects: {@code resp.url} */
    public URI url() {
        return url;
    }

    /** @return the request method of this response's request, e.g. {@code "GET"} */
    public String method() {
        return method;
    }

    /** @return the content type without parameters, e.g. {@code "application/json"}, or "" */
    public String contentType() {
        String ct = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null) {
            return "";
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The body decoded with the charset of {@code Content-Type}, UTF-8 when there is none:
     * {@code await resp.text()}.
     *
     * @return the body as text
     */
    public String text() {
        return new String(body, charset());
    }

    /**
     * The body's bytes (a copy): {@code await resp.read()}.
     *
     * @return the body, decompressed if the server sent it gzip- or deflate-encoded
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body parsed as JSON: {@code await resp.json()}.
     *
     * @return the JSON tree
     * @throws ClientPayloadException if the body is not valid JSON; the message names the URL
     *     and the line and column of the problem
     */
    public JsonNode json() {
        try {
            return Body.JSON.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /**
     * The body parsed as JSON into {@code type}.
     *
     * @param type a class Jackson can read, e.g. a record
     * @param <T> the type
     * @return the value
     * @throws ClientPayloadException if the body is not valid JSON for {@code type}
     */
    public <T> T json(Class<T> type) {
        try {
            return Body.JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /**
     * The body parsed as JSON into a generic type, e.g.
     * {@code new TypeReference<Map<String, Object>>() {}}.
     *
     * @param type the type
     * @param <T> the type
     * @return the value
     * @throws ClientPayloadException if the body is not valid JSON for {@code type}
     */
    public <T> T json(TypeReference<T> type) {
        try {
            return Body.JSON.readValue(body, type);
        } catch (JacksonException e) {
            throw malformed(e);
        }
    }

    /**
     * Fails for a 4xx or 5xx status: {@code resp.raise_for_status()}.
     *
     * @return this response, for chaining, when the status is below 400
     * @throws ClientResponseException with the status, the reason and the URL otherwise
     */
    public ClientResponse raiseForStatus() {
        if (status >= 400) {
            throw new ClientResponseException(status, reason, url);
        }
        return this;
    }

    /**
     * The redirect responses that led here, oldest first: {@code resp.history}.
     *
     * @return the redirects followed; empty when there were none
     */
    public List<ClientResponse> history() {
        return history;
    }

    @Override
    public String toString() {
        return "<ClientResponse(" + url + ") [" + status + " " + reason + "]>";
    }

    private Charset charset() {
        String ct = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if (ct != null) {
            for (String param : ct.split(";")) {
                String p = param.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    String name = p.substring(8).replace("\"", "").trim();
                    try {
                        return Charset.forName(name);
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private ClientPayloadException malformed(JacksonException e) {
        var loc = e.getLocation();
        String where = loc == null
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + " (byte offset "
                        + loc.getByteOffset() + ")";
        return new ClientPayloadException(
                "Malformed JSON in the response from " + method + " " + url + where + ": " + e.getOriginalMessage(),
                url,
                e);
    }

    static String reasonOf(HttpResponseStatus status) {
        return status.reasonPhrase();
    }
}
