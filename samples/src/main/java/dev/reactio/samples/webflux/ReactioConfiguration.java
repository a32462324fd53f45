package dev.reactio.samples.webflux;

import dev.reactio.http.ClientSession;
import dev.reactio.http.ClientTimeout;
import dev.reactio.http.testing.HttpBinServer;
import dev.reactio.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Reactio objects the handlers share, as Spring beans: one {@link ClientSession} (one
 * connection pool for the whole service, as aiohttp recommends one session per application),
 * one {@link AsyncSemaphore}, and, unless {@code reactio.upstream.base-url} names another
 * httpbin, an embedded {@link HttpBinServer} as the upstream.
 * <p>Spring closes the server and the session when the application stops: both are
 * {@code AutoCloseable}, and a {@code close()} method is Spring's inferred destroy method.
 */
@Configuration(proxyBeanMethods = false)
public class ReactioConfiguration {

    /** The value of {@code reactio.upstream.base-url} (and its default) that starts an embedded httpbin. */
    public static final String EMBEDDED = "embedded";

    /**
     * An httpbin on an ephemeral loopback port, started with the application.
     *
     * @return the started server, closed by Spring on shutdown
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "reactio.upstream.base-url", havingValue = EMBEDDED, matchIfMissing = true)
    public HttpBinServer httpBinServer() {
        return HttpBinServer.start();
    }

    /**
     * The session every upstream call goes through, with the upstream as its base URL.
     *
     * @param baseUrl {@code reactio.upstream.base-url}: an absolute URL, or {@code embedded}
     * @param embedded the embedded server, present only when {@code baseUrl} is {@code embedded}
     *     (injected, rather than looked up, so that Spring closes the session before the server)
     * @return the session, closed by Spring on shutdown
     */
    @Bean(destroyMethod = "close")
    public ClientSession upstreamSession(
            @Value("${reactio.upstream.base-url:" + EMBEDDED + "}") String baseUrl, Optional<HttpBinServer> embedded) {
        String url = EMBEDDED.equals(baseUrl)
                ? embedded.orElseThrow(() -> new IllegalStateException("no embedded HttpBinServer"))
                        .baseUrl()
                : baseUrl;
        return ClientSession.builder()
                .baseUrl(url)
                // a safety net only: each handler sets its own, shorter, limits
                .timeout(ClientTimeout.total(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * The limit on concurrent calls to the limited upstream, shared by all requests.
     *
     * @param properties the dashboard settings
     * @return a semaphore with {@code reactio.dashboard.limited-permits} permits
     */
    @Bean
    public AsyncSemaphore limitedUpstreamPermits(DashboardProperties properties) {
        return new AsyncSemaphore(properties.limitedPermits());
    }
}
