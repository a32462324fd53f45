package dev.reactio.samples.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A Spring Boot 4 WebFlux service with Reactio as a plain dependency: its handlers return the
 * {@code Mono}s and {@code Flux}es that {@code Aio} builds, and WebFlux subscribes to them, so no
 * {@code Aio.run} is needed anywhere.
 * <ul>
 *   <li>{@code GET /dashboard}: three upstream calls at once with {@code Aio.gather} through one
 *       {@code ClientSession}; one is limited by an {@code AsyncSemaphore}, one is bounded by
 *       {@code Aio.waitFor} and falls back to a default when it times out
 *       ({@link DashboardController});</li>
 *   <li>{@code GET /ticks}: an {@code Aio.generator} streamed as Server-Sent Events
 *       ({@link TicksController});</li>
 *   <li>every request gets an {@code X-Request-Id} ({@link RequestIdFilter}), which sits in the
 *       Reactor {@code Context} and so reaches the tasks that {@code Aio.spawn} starts.</li>
 * </ul>
 * The upstream is an embedded {@code HttpBinServer} started with the application, unless
 * {@code reactio.upstream.base-url} names a real httpbin ({@link ReactioConfiguration}).
 * Run it from the repository root with:
 * <pre>{@code
 * java -cp samples/target/reactio-samples.jar dev.reactio.samples.webflux.WebfluxSampleApplication
 * }</pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(DashboardProperties.class)
public class WebfluxSampleApplication {

    /**
     * Starts the service on port 8080 (change it with {@code --server.port=N}).
     *
     * @param args Spring Boot arguments, such as {@code --server.port=0}
     */
    public static void main(String[] args) {
        SpringApplication.run(WebfluxSampleApplication.class, args);
    }
}
