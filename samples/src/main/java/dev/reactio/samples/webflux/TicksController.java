package dev.reactio.samples.webflux;

import dev.reactio.Aio;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /ticks[?count=n&intervalMs=ms]}: an async generator streamed as Server-Sent Events.
 * <p>The Python original:
 * <pre>{@code
 * async def ticks(count, interval):
 *     for n in range(1, count + 1):
 *         await asyncio.sleep(interval)
 *         yield n
 * }</pre>
 * {@code Aio.generator} is pull-based like that generator: it produces the next tick only when
 * WebFlux has written the previous one and asks for more, so a slow client never makes the server
 * buffer ticks. When the client disconnects, WebFlux cancels the {@code Flux}, which cancels the
 * generator in the middle of its sleep.
 */
@RestController
public class TicksController {

    /**
     * Creates the controller.
     */
    public TicksController() {}

    /**
     * The tick stream, as {@code text/event-stream}: events named {@code tick} with ids 1 to
     * {@code count} and a JSON {@link Tick} as data.
     *
     * @param count how many ticks, 1 to 1000 (default 5)
     * @param intervalMs the pause before each tick, in milliseconds, 0 to 60000 (default 1000)
     * @return a cold {@code Flux} of events; WebFlux subscribes to it
     */
    @GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Tick>> ticks(
            @RequestParam(name = "count", defaultValue = "5") int count,
            @RequestParam(name = "intervalMs", defaultValue = "1000") long intervalMs) {
        if (count < 1 || count > 1000 || intervalMs < 0 || intervalMs > 60_000) {
            return Flux.error(new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "count must be 1 to 1000 and intervalMs 0 to 60000, but were " + count + " and " + intervalMs));
        }
        Duration interval = Duration.ofMillis(intervalMs);
        return ticks(count, interval)
                .map(tick -> ServerSentEvent.builder(tick)
                        .id(Integer.toString(tick.n()))
                        .event("tick")
                        .build());
    }

    /**
     * The generator itself, without the web layer: {@code count} ticks, each after
     * {@code interval}.
     *
     * @param count how many ticks
     * @param interval the pause before each tick
     * @return a cold, pull-based {@code Flux} of ticks
     */
    static Flux<Tick> ticks(int count, Duration interval) {
        return Aio.generator(emitter -> Mono.deferContextual(context -> {
            String requestId = RequestIdFilter.requestId(context);
            return Flux.range(1, count)
                    .concatMap(n -> Aio.sleep(interval).then(emitter.emit(new Tick(n, count, requestId))))
                    .then();
        }));
    }
}
