package dev.reactio.samples.http;

import dev.reactio.http.testing.HttpBinServer;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where the samples' {@code https://httpbin.org} URLs go. By default an embedded
 * {@link HttpBinServer} on a free port of 127.0.0.1, so the samples need no internet; with the
 * environment variable {@code REACTIO_HTTPBIN} (or the system property {@code reactio.httpbin})
 * set to a base URL such as {@code https://httpbin.org}, that server instead.
 *
 * <pre>{@code
 * REACTIO_HTTPBIN=https://httpbin.org java -jar samples/target/reactio-samples.jar http-get
 * }</pre>
 */
public final class HttpBin implements AutoCloseable {

    /** The environment variable naming a real httpbin. */
    public static final String ENV = "REACTIO_HTTPBIN";
    /** The system property naming a real httpbin (wins over {@link #ENV}). */
    public static final String PROPERTY = "reactio.httpbin";

    private final @Nullable HttpBinServer embedded;
    private final String baseUrl;

    private HttpBin(@Nullable HttpBinServer embedded, String baseUrl) {
        this.embedded = embedded;
        this.baseUrl = baseUrl;
    }

    /**
     * The configured httpbin, or a freshly started embedded one.
     *
     * @return an httpbin to send requests to; close it when done
     */
    public static HttpBin open() {
        String configured = System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            String base = configured.strip();
            return new HttpBin(null, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        }
        HttpBinServer server = HttpBinServer.start();
        return new HttpBin(server, server.baseUrl());
    }

    /**
     * @param path a path such as {@code /get}
     * @return the full URL
     */
    public String url(String path) {
        return baseUrl + path;
    }

    /**
     * httpbin's {@code /delay/{n}} for the tutorial's {@code seconds} at the sample's time scale
     * (real seconds when run by hand, 100 times less with {@code --fast}, none in tests).
     *
     * @param delay the scaled delay
     * @return the URL of {@code /delay/n}
     */
    public String delayUrl(Duration delay) {
        double seconds = delay.toNanos() / 1e9;
        return url("/delay/"
                + (seconds == Math.rint(seconds)
                        ? String.valueOf((long) seconds)
                        : String.format(Locale.ROOT, "%.3f", seconds)));
    }

    /** @return whether requests go to the embedded server */
    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops the embedded server, if there is one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
