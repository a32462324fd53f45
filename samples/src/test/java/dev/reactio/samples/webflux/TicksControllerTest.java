package dev.reactio.samples.webflux;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The tick generator on its own, in virtual time. */
class TicksControllerTest {

    @Test
    void ticksComeOneIntervalApartWithTheRequestIdFromTheContext() {
        StepVerifier.withVirtualTime(() -> TicksController.ticks(3, Duration.ofSeconds(1))
                        .contextWrite(Context.of(RequestIdFilter.CONTEXT_KEY, "vt-1")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(new Tick(1, 3, "vt-1"))
                .thenAwait(Duration.ofSeconds(2))
                .expectNext(new Tick(2, 3, "vt-1"), new Tick(3, 3, "vt-1"))
                .expectComplete()
                .verify(Duration.ofSeconds(2)); // hang guard only
    }

    @Test
    void generatorRunsNoFurtherThanTheDemand() {
        StepVerifier.withVirtualTime(() -> TicksController.ticks(3, Duration.ofSeconds(1)), 1)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(new Tick(1, 3, "none"))
                .thenAwait(Duration.ofSeconds(10)) // no demand: the generator waits in emit
                .expectNoEvent(Duration.ofSeconds(1))
                .thenRequest(1)
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(new Tick(2, 3, "none"))
                .thenCancel()
                .verify(Duration.ofSeconds(2)); // hang guard only
    }
}
