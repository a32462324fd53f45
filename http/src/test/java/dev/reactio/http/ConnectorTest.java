package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.util.RaceTestUtils;

/** The session-wide {@code limit} permits of {@link Connector}, without a network. */
class ConnectorTest {

    /** Hang guard: a leaked permit makes the next exchange wait for ever. */
    private static final Duration LEAK_GUARD = Duration.ofSeconds(2);

    private final Connector connector = new Connector(
            "connector-test", new SessionConfig(ClientSession.builder().limit(1)));

    @AfterEach
    void dispose() {
        connector.close().block(GUARD);
    }

    @Test
    void aPermitGrantedWhileItsExchangeIsCancelledIsNotLost() {
        int rounds = 2_000 * Math.max(1, Integer.getInteger("reactio.stress", 1)); // -Dreactio.stress=N for more
        for (int i = 0; i < rounds; i++) {
            Sinks.Empty<Void> holder = Sinks.empty();
            connector.limited(holder.asMono()).subscribe();
            Disposable waiter = connector.limited(Mono.never()).subscribe();

            // The holder's end hands its permit to the waiter while the waiter is cancelled.
            RaceTestUtils.race(holder::tryEmitEmpty, waiter::dispose);

            int round = i;
            assertThat(connector.limited(Mono.just(round)).block(LEAK_GUARD))
                    .as("round %d", round)
                    .isEqualTo(round);
        }
        assertThat(connector.stats().pending()).isZero();
    }

    @Test
    void aPermitGrantedWhileItsStreamIsCancelledIsNotLost() {
        int rounds = 2_000 * Math.max(1, Integer.getInteger("reactio.stress", 1)); // -Dreactio.stress=N for more
        for (int i = 0; i < rounds; i++) {
            Sinks.Many<Integer> holder = Sinks.many().unicast().onBackpressureBuffer();
            connector.limited(holder.asFlux()).subscribe();
            Disposable waiter = connector.limited(Flux.<Integer>never()).subscribe();

            // The holder's end hands its permit to the waiter while the waiter is cancelled.
            RaceTestUtils.race(holder::tryEmitComplete, waiter::dispose);

            int round = i;
            assertThat(connector.limited(Flux.just(round, round)).collectList().block(LEAK_GUARD))
                    .as("round %d", round)
                    .containsExactly(round, round);
        }
        assertThat(connector.stats().pending()).isZero();
    }

    @Test
    void aStreamWaitingForAPermitCountsAsPendingUntilItGetsOne() {
        Sinks.Many<Integer> holder = Sinks.many().unicast().onBackpressureBuffer();
        connector.limited(holder.asFlux()).subscribe();
        assertThat(connector.stats().pending())
                .as("the holder got its permit at once")
                .isZero();
        List<Integer> got = new CopyOnWriteArrayList<>();
        Disposable waiter = connector.limited(Flux.just(1, 2)).subscribe(got::add);
        assertThat(connector.stats().pending()).isEqualTo(1);
        holder.tryEmitNext(0); // the holder keeps its permit while it streams
        assertThat(got).isEmpty();
        holder.tryEmitComplete();
        assertThat(got).containsExactly(1, 2);
        assertThat(connector.stats().pending()).isZero();
        waiter.dispose();
    }

    @Test
    void aStreamCancelledWhileWaitingStopsCountingAsPending() {
        Sinks.Many<Integer> holder = Sinks.many().unicast().onBackpressureBuffer();
        Disposable held = connector.limited(holder.asFlux()).subscribe();
        Disposable waiter = connector.limited(Flux.just(1)).subscribe();
        assertThat(connector.stats().pending()).isEqualTo(1);
        waiter.dispose();
        assertThat(connector.stats().pending()).isZero();
        held.dispose();
        assertThat(connector.limited(Flux.just(7)).blockLast(LEAK_GUARD)).isEqualTo(7);
    }
}
