package dev.reactio.samples.webflux;

import dev.reactio.Aio;
import dev.reactio.Task;
import dev.reactio.http.ClientException;
import dev.reactio.http.ClientSession;
import dev.reactio.http.RequestOptions;
import dev.reactio.sync.AsyncSemaphore;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code GET /dashboard[?delay=seconds]}: three upstream calls made at once with
 * {@code Aio.gather}, combined into one {@link Dashboard}.
 * <ul>
 *   <li>{@code /json}, plainly;</li>
 *   <li>{@code /get}, under an {@link AsyncSemaphore} shared by all requests, so that at most
 *       {@code reactio.dashboard.limited-permits} calls reach that upstream at once
 *       ({@code async with semaphore:});</li>
 *   <li>{@code /delay/{delay}}, inside {@code Aio.waitFor}: when it takes longer than
 *       {@code reactio.dashboard.slow-timeout}, the call is cancelled and the dashboard shows a
 *       fallback instead of failing ({@code asyncio.wait_for} plus {@code except TimeoutError}).</li>
 * </ul>
 * The fan-out runs as a task started by {@code Aio.spawn}, which hands the task this request's
 * Reactor {@code Context}: the task reads the request id from it, forwards it upstream as
 * {@code X-Request-Id}, and puts it in the answer. If the client goes away, WebFlux cancels the
 * response, which cancels the awaited task, which cancels the three calls. An upstream that
 * cannot be reached gives {@code 502 Bad Gateway}; one that exceeds the session's 30 s timeout
 * (on a call without a fallback) gives {@code 504 Gateway Timeout}.
 */
@RestController
public class DashboardController {

    private final ClientSession upstream;
    private final AsyncSemaphore limitedPermits;
    private final DashboardProperties properties;

    /**
     * Creates the controller.
     *
     * @param upstream the session all upstream calls go through
     * @param limitedPermits the semaphore that limits calls to {@code /get}
     * @param properties the timeout and default delay
     */
    public DashboardController(ClientSession upstream, AsyncSemaphore limitedPermits, DashboardProperties properties) {
        this.upstream = upstream;
        this.limitedPermits = limitedPermits;
        this.properties = properties;
    }

    /**
     * The dashboard.
     *
     * @param delay how long the slow upstream takes, in seconds (0 to 10); by default
     *     {@code reactio.dashboard.slow-delay}
     * @return a cold {@code Mono} of the dashboard; WebFlux subscribes to it
     */
    @GetMapping("/dashboard")
    public Mono<Dashboard> dashboard(@RequestParam(name = "delay", required = false) @Nullable Double delay) {
        double seconds = delay == null ? properties.slowDelay() : delay;
        if (!(seconds >= 0 && seconds <= 10)) {
            return Mono.error(new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "delay must be 0 to 10 seconds, but was " + delay));
        }
        return Aio.spawn(fanOut(seconds))
                .flatMap(Task::await)
                .onErrorMap(
                        ClientException.class,
                        e -> new ResponseStatusException(
                                HttpStatus.BAD_GATEWAY, "upstream failed: " + e.getMessage(), e))
                // the session's own 30 s limit, on a call that has no fallback
                .onErrorMap(
                        TimeoutException.class,
                        e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "upstream timed out", e));
    }

    private Mono<Dashboard> fanOut(double delaySeconds) {
        // Runs inside the spawned task, with the request's Context.
        return Mono.deferContextual(context -> {
            String requestId = RequestIdFilter.requestId(context);
            RequestOptions forwardId = RequestOptions.builder()
                    .header(RequestIdFilter.HEADER, requestId)
                    .build();

            Mono<Dashboard.Part> slideshow = upstream.get("/json", forwardId)
                    .map(r -> part(
                            "/json",
                            r.raiseForStatus()
                                    .json()
                                    .path("slideshow")
                                    .path("title")
                                    .asString()));

            Mono<Dashboard.Part> limited = limitedPermits
                    .withPermit(upstream.get("/get", forwardId))
                    .map(r -> part(
                            "/get",
                            r.raiseForStatus()
                                    .json()
                                    .path("headers")
                                    .path(RequestIdFilter.HEADER)
                                    .asString()));

            String slowPath = "/delay/"
                    + BigDecimal.valueOf(delaySeconds).stripTrailingZeros().toPlainString();
            Duration timeout = properties.slowTimeout();
            Mono<Dashboard.Part> slow = Aio.waitFor(upstream.get(slowPath, forwardId), timeout)
                    .map(r ->
                            part(slowPath, "answered with " + r.raiseForStatus().status()))
                    .onErrorResume(
                            TimeoutException.class,
                            e -> Mono.just(new Dashboard.Part(
                                    slowPath, "no answer within " + timeout.toMillis() + " ms", true)));

            return Aio.gather(slideshow, limited, slow)
                    .map(parts -> new Dashboard(requestId, parts.get(0), parts.get(1), parts.get(2)));
        });
    }

    private static Dashboard.Part part(String upstream, String value) {
        return new Dashboard.Part(upstream, value, false);
    }
}
