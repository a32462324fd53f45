package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.util.RaceTestUtils;

/** The session-wide {@code limit} permits of {@link Transport}, without a network. */
class TransportTest {

    /** Hang guard: a leaked permit makes the next exchange wait for ever. */
    private static final Duration LEAK_GUARD = Duration.ofSeconds(2);

    private final Transport transport = new Transport("transport-test", new SessionConfig(ClientSession.builder().limit(1)));

    @AfterEach
    void dispose() {
        transport.close().block(GUARD);
    }

    @Test
    void aPermitGrantedWhileItsExchangeIsCancelledIsNotLost() {
        int rounds = 2_000 * Math.max(1, Integer.getInteger("reactio.stress", 1)); // -Dreactio.stress=N for more
        for (int i = 0; i < rounds; i++) {
            Sinks.Empty<Void> holder = Sinks.empty();
            transport.limited(holder.asMono()).subscribe();
            Disposable waiter = transport.limited(Mono.never()).subscribe();

            // The holder's end hands its permit to the waiter while the waiter is cancelled.
            RaceTestUtils.race(holder::tryEmitEmpty, waiter::dispose);

            int round = i;
            assertThat(transport.limited(Mono.just(round)).block(LEAK_GUARD)).as("round %d", round).isEqualTo(round);
        }
        assertThat(transport.stats().pending()).isZero();
    }
}
