package dev.reactio.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The per-request keyword arguments of aiohttp's {@code session.get(url, params=..., headers=...,
 * timeout=..., allow_redirects=..., auth=..., raise_for_status=...)}. Immutable; what is not set
 * falls back to the session's setting.
 *
 * <pre>{@code
 * session.get(url, RequestOptions.builder().param("q", "reactor").header("Accept", "application/json").build())
 * }</pre>
 */
public final class RequestOptions {

    private static final RequestOptions NONE = new Builder().build();

    private final List<Map.Entry<String, String>> params;
    private final Map<String, List<String>> headers;
    private final @Nullable ClientTimeout timeout;
    private final Optional<Boolean> allowRedirects;
    private final @Nullable BasicAuth auth;
    private final Optional<Boolean> raiseForStatus;

    private RequestOptions(Builder b) {
        this.params = List.copyOf(b.params);
        this.headers = Headers.copy(b.headers);
        this.timeout = b.timeout;
        this.allowRedirects = b.allowRedirects;
        this.auth = b.auth;
        this.raiseForStatus = b.raiseForStatus;
    }

    /** @return options that change nothing: the session's settings apply */
    public static RequestOptions none() {
        return NONE;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the query parameters, in order, appended to the URL's own query */
    public List<Map.Entry<String, String>> params() {
        return params;
    }

    /** @return the extra headers; they replace session headers of the same name */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return the timeout for this request, or {@code null} for the session's */
    public @Nullable ClientTimeout timeout() {
        return timeout;
    }

    /**
     * Whether this request follows redirects, if the options say; unset, it does, except a
     * {@code HEAD} (aiohttp's default). Like {@link #raiseForStatus()}, an {@code Optional}
     * (never null): {@code options.allowRedirects().orElse(true)}.
     *
     * @return the value given to {@link Builder#allowRedirects(boolean)}, or empty if none was
     */
    public Optional<Boolean> allowRedirects() {
        return allowRedirects;
    }

    /** @return the credentials for this request, or {@code null} for the session's */
    public @Nullable BasicAuth auth() {
        return auth;
    }

    /**
     * Whether a 4xx/5xx status fails this request, if the options say; unset, the session's
     * {@link ClientSession.Builder#raiseForStatus(boolean) raiseForStatus} applies (aiohttp's
     * {@code raise_for_status=None}).
     *
     * @return the value given to {@link Builder#raiseForStatus(boolean)}, or empty if none was
     */
    public Optional<Boolean> raiseForStatus() {
        return raiseForStatus;
    }

    @Override
    public String toString() {
        return "RequestOptions[params=" + params + ", headers=" + headers.keySet() + ", timeout=" + timeout
                + ", allowRedirects=" + unsetIfEmpty(allowRedirects) + ", auth=" + auth
                + ", raiseForStatus=" + unsetIfEmpty(raiseForStatus) + "]";
    }

    private static String unsetIfEmpty(Optional<Boolean> value) {
        return value.map(String::valueOf).orElse("unset");
    }

    /** Builds {@link RequestOptions}; not thread-safe, reusable. */
    public static final class Builder {
        private final List<Map.Entry<String, String>> params = new ArrayList<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private @Nullable ClientTimeout timeout;
        private Optional<Boolean> allowRedirects = Optional.empty();
        private @Nullable BasicAuth auth;
        private Optional<Boolean> raiseForStatus = Optional.empty();

        private Builder() {}

        /**
         * Adds a query parameter ({@code params={"k": "v"}}); repeated names are all sent.
         *
         * @param name the name (encoded when sent)
         * @param value the value (encoded when sent)
         * @return this builder
         */
        public Builder param(String name, Object value) {
            Objects.requireNonNull(name, "param name");
            Objects.requireNonNull(value, () -> "value of param " + name);
            params.add(Map.entry(name, String.valueOf(value)));
            return this;
        }

        /**
         * Adds query parameters in the map's order.
         *
         * @param params names and values
         * @return this builder
         */
        public Builder params(Map<String, ?> params) {
            Objects.requireNonNull(params, "params").forEach(this::param);
            return this;
        }

        /**
         * Adds a header.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name or value contains CR or LF, the value a
         *     character above U+00FF (a header is sent as ISO-8859-1), or the name is not a
         *     valid token
         */
        public Builder header(String name, String value) {
            Headers.add(headers, name, value);
            return this;
        }

        /**
         * Adds headers in the map's order.
         *
         * @param headers names and values
         * @return this builder
         * @throws IllegalArgumentException as {@link #header}
         */
        public Builder headers(Map<String, String> headers) {
            Objects.requireNonNull(headers, "headers").forEach(this::header);
            return this;
        }

        /**
         * @param timeout the timeouts of this request
         * @return this builder
         */
        public Builder timeout(ClientTimeout timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param allow {@code false} returns a 3xx response as it is
         * @return this builder
         */
        public Builder allowRedirects(boolean allow) {
            this.allowRedirects = Optional.of(allow);
            return this;
        }

        /**
         * @param auth Basic credentials for this request; a URL with credentials of its own
         *     ({@code http://alice:s3cret@host/}) then fails the request with
         *     {@link IllegalArgumentException}, as aiohttp does
         * @return this builder
         */
        public Builder auth(BasicAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * @param raise whether a 4xx/5xx status fails this request with
         *     {@link ClientResponseException}
         * @return this builder
         */
        public Builder raiseForStatus(boolean raise) {
            this.raiseForStatus = Optional.of(raise);
            return this;
        }

        /** @return the options */
        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
