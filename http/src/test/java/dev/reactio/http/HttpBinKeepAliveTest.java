package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.http.testing.HttpBinServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

/**
 * Many requests, one after the other and many at once, over few keep-alive connections to the
 * quick endpoints of {@link HttpBinServer}: none may hang. (A reactor-netty server that answers a
 * keep-alive request before reading it to its end can take the request's last content for a
 * pipelined request and never handle the next one; see {@code HoldingServer}.)
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HttpBinKeepAliveTest {

    /** A hang guard, not a timing check: 2 000 requests take a few seconds, minutes on a loaded 2-core machine. */
    private static final Duration GUARD = Duration.ofSeconds(150);

    private static final List<String> PATHS = List.of(
            "/json",
            "/status/204",
            "/bytes/16",
            "/headers",
            "/ip",
            "/user-agent",
            "/cookies",
            "/gzip",
            "/get",
            "/stream/2",
            "/basic-auth/u/p",
            "/redirect/1");

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    @Test
    void sequentialRequestsOnOneConnection() {
        try (ClientSession session = ClientSession.builder().limit(1).build()) {
            List<Integer> statuses = Flux.range(0, 600)
                    .concatMap(i -> session.get(httpbin.baseUrl() + PATHS.get(i % PATHS.size())))
                    .map(ClientResponse::status)
                    .collectList()
                    .block(GUARD);

            assertThat(statuses).hasSize(600).allMatch(s -> s == 200 || s == 204 || s == 401);
        }
    }

    @Test
    void concurrentRequestsOnFourConnections() {
        try (ClientSession session = ClientSession.builder().limit(4).build()) {
            List<Integer> statuses = Flux.range(0, 2000)
                    .flatMap(i -> session.get(httpbin.baseUrl() + PATHS.get(i % PATHS.size())), 16)
                    .map(ClientResponse::status)
                    .collectList()
                    .block(GUARD);

            assertThat(statuses).hasSize(2000).allMatch(s -> s == 200 || s == 204 || s == 401);
        }
    }
}
