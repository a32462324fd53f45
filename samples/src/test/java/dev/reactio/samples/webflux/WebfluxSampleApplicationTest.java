package dev.reactio.samples.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The whole application on a real port, driven through {@link WebTestClient}.
 * <p>Boot's {@code @SpringBootTest} would do the start-up for us, but Spring Framework 7's
 * {@code SpringExtension} needs JUnit Jupiter 6 and this project runs JUnit 5.14; so the test
 * starts the application itself, once, and binds a {@code WebTestClient} to its port.
 */
class WebfluxSampleApplicationTest {

    private static final String ID = RequestIdFilter.HEADER;

    private static ConfigurableApplicationContext app;
    private static String baseUrl;
    private static WebTestClient client;

    @BeforeAll
    static void startTheApplication() {
        app = new SpringApplicationBuilder(WebfluxSampleApplication.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "reactio.dashboard.slow-timeout=2s",
                        "reactio.dashboard.slow-delay=0",
                        "spring.reactor.netty.shutdown-quiet-period=0s") // a faster close
                .run();
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        baseUrl = "http://127.0.0.1:" + port;
        client = WebTestClient.bindToServer()
                .baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(10)) // hang guard only
                .build();
        // The first request pays for class loading and connecting; keep that out of the
        // 2 s budget of the slow upstream that the tests below rely on.
        client.get().uri("/dashboard").exchange().expectStatus().isOk().expectBody(Dashboard.class);
    }

    @AfterAll
    static void stopTheApplication() {
        if (app != null) {
            app.close();
        }
    }

    private static Dashboard dashboard(String uri, String requestId) {
        Dashboard dashboard = client.get()
                .uri(uri)
                .header(ID, requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(ID, requestId)
                .expectBody(Dashboard.class)
                .returnResult()
                .getResponseBody();
        assertThat(dashboard).isNotNull();
        return dashboard;
    }

    @Nested
    class DashboardEndpoint {

        @Test
        void gathersTheThreeUpstreamCalls() {
            Dashboard dashboard = dashboard("/dashboard", "gather-1");

            assertThat(dashboard.slideshow()).isEqualTo(new Dashboard.Part("/json", "Sample Slide Show", false));
            assertThat(dashboard.limited()).isEqualTo(new Dashboard.Part("/get", "gather-1", false));
            assertThat(dashboard.slow()).isEqualTo(new Dashboard.Part("/delay/0", "answered with 200", false));
        }

        @Test
        void slowUpstreamPastTheTimeoutGivesTheFallback() {
            Dashboard dashboard = dashboard("/dashboard?delay=10", "slow-1");

            assertThat(dashboard.slow()).isEqualTo(new Dashboard.Part("/delay/10", "no answer within 2000 ms", true));
            assertThat(dashboard.slideshow().fallback()).isFalse();
            assertThat(dashboard.limited().fallback()).isFalse();
        }

        @Test
        void limitedUpstreamPermitsAreAllBackAfterConcurrentRequests() {
            List<Dashboard> dashboards = Flux.range(1, 6)
                    .flatMap(i -> client.get()
                            .uri("/dashboard")
                            .header(ID, "many-" + i)
                            .exchange()
                            .returnResult(Dashboard.class)
                            .getResponseBody())
                    .collectList()
                    .block(Duration.ofSeconds(10));

            assertThat(dashboards)
                    .hasSize(6)
                    .allSatisfy(d -> assertThat(d.limited().value()).isEqualTo(d.requestId()));
            assertThat(app.getBean(AsyncSemaphore.class).availablePermits()).isEqualTo(2);
        }

        @Test
        void limitedCallWaitsForAFreePermit() {
            AsyncSemaphore permits = app.getBean(AsyncSemaphore.class);
            permits.acquire().block(Duration.ofSeconds(5));
            permits.acquire().block(Duration.ofSeconds(5)); // both permits taken
            try {
                // WebTestClient's exchange() blocks until the response starts, which it cannot
                // here; a WebClient request is a Mono, so StepVerifier can release the permit.
                WebClient.create(baseUrl)
                        .get()
                        .uri("/dashboard")
                        .header(ID, "waits-1")
                        .retrieve()
                        .bodyToMono(Dashboard.class)
                        .as(StepVerifier::create)
                        .expectSubscription()
                        .expectNoEvent(Duration.ofMillis(300)) // parked in withPermit
                        .then(permits::release)
                        .assertNext(
                                d -> assertThat(d.limited()).isEqualTo(new Dashboard.Part("/get", "waits-1", false)))
                        .expectComplete()
                        .verify(Duration.ofSeconds(10)); // hang guard only
            } finally {
                permits.release();
            }
            assertThat(permits.availablePermits()).isEqualTo(2);
        }

        @Test
        void delayOutOfRangeIsABadRequest() {
            client.get()
                    .uri("/dashboard?delay=11")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class) // read the body: an unread one is a leaked buffer
                    .consumeWith(r -> assertThat(r.getResponseBody()).contains("\"status\":400"));
        }
    }

    @Nested
    class TicksEndpoint {

        @Test
        void streamsTheGeneratorAsServerSentEvents() {
            Flux<ServerSentEvent<Tick>> events = client.get()
                    .uri("/ticks?count=3&intervalMs=10")
                    .header(ID, "ticks-1")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                    .returnResult(new ParameterizedTypeReference<ServerSentEvent<Tick>>() {})
                    .getResponseBody();

            events.map(e -> e.event() + " " + e.id() + " " + e.data())
                    .as(StepVerifier::create)
                    .expectNext("tick 1 " + new Tick(1, 3, "ticks-1"))
                    .expectNext("tick 2 " + new Tick(2, 3, "ticks-1"))
                    .expectNext("tick 3 " + new Tick(3, 3, "ticks-1"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10)); // hang guard only
        }

        @Test
        void countOutOfRangeIsABadRequest() {
            client.get()
                    .uri("/ticks?count=0")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody(String.class) // read the body: an unread one is a leaked buffer
                    .consumeWith(r -> assertThat(r.getResponseBody()).contains("\"status\":400"));
        }
    }

    @Nested
    class RequestIdPropagation {

        @Test
        void givenIdReachesTheSpawnedTaskAndTheUpstream() {
            Dashboard dashboard = dashboard("/dashboard", "abc-123");

            assertThat(dashboard.requestId()).isEqualTo("abc-123");
            assertThat(dashboard.limited().value()).isEqualTo("abc-123");
        }

        @Test
        void missingIdIsGeneratedAndEchoed() {
            var result = client.get()
                    .uri("/dashboard")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Dashboard.class)
                    .returnResult();
            String echoed = result.getResponseHeaders().getFirst(ID);
            Dashboard dashboard = result.getResponseBody();

            assertThat(echoed).matches("[0-9a-f-]{36}");
            assertThat(dashboard).isNotNull();
            assertThat(dashboard.requestId()).isEqualTo(echoed);
            assertThat(dashboard.limited().value()).isEqualTo(echoed);
        }

        @Test
        void unsafeIdIsReplaced() {
            var result = client.get()
                    .uri("/dashboard")
                    .header(ID, "a b;c")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Dashboard.class)
                    .returnResult();
            String echoed = result.getResponseHeaders().getFirst(ID);

            assertThat(echoed).isNotEqualTo("a b;c").matches("[0-9a-f-]{36}");
            assertThat(result.getResponseBody())
                    .extracting(Dashboard::requestId)
                    .isEqualTo(echoed);
        }
    }
}
