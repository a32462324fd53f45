package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.util.context.Context;

/**
 * Values Reactio held but never delivered go to Reactor's discard hook, and errors that come
 * after the end go to {@code Hooks.onErrorDropped}, as reactor-core's operators do.
 */
class DiscardHooksTest {

    private final List<Object> discarded = new CopyOnWriteArrayList<>();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    private Context discardInto() {
        return Operators.enableOnDiscard(Context.empty(), discarded::add);
    }

    @Test
    void gatherDiscardsTheValuesItCollectedWhenASourceFails() {
        Sinks.One<String> later = Sinks.one();
        Mono<List<String>> gather = Aio.<String>gather(Mono.just("a"), Mono.fromCallable(() -> "b"), later.asMono())
                .contextWrite(discardInto());
        StepVerifier.create(gather)
                .then(() -> later.tryEmitError(new IllegalStateException("boom")))
                .expectErrorMessage("boom")
                .verify(Duration.ofSeconds(10));
        assertThat(discarded).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void gatherDiscardsTheValuesItCollectedWhenCancelled() {
        // subscribe() rather than StepVerifier, whose thenCancel() runs inside onSubscribe,
        // before gather subscribed to its sources.
        Aio.<String>gather(Mono.just("a"), Mono.never(), Mono.fromCallable(() -> "c"))
                .contextWrite(discardInto())
                .subscribe()
                .dispose();
        assertThat(discarded).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void gatherSettledDiscardsTheValuesNotTheOutcomes() {
        Aio.<String>gatherSettled(Mono.just("a"), Mono.error(new IllegalStateException()), Mono.never())
                .contextWrite(discardInto())
                .subscribe()
                .dispose();
        assertThat(discarded).containsExactly("a");
    }

    @Test
    void gatherDiscardsAValueThatArrivesAfterItWasCancelled() {
        TestPublisher<String> late = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        Aio.<String>gather(late.mono(), Mono.never())
                .contextWrite(discardInto())
                .subscribe()
                .dispose();
        late.emit("late");
        assertThat(discarded).containsExactly("late");
    }

    @Test
    void gatherSettledDropsAnErrorThatArrivesAfterItWasCancelled() {
        Hooks.onErrorDropped(dropped::add);
        TestPublisher<String> late = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        Aio.<String>gatherSettled(late.mono(), Mono.never()).subscribe().dispose();
        IllegalStateException error = new IllegalStateException("late");
        late.error(error);
        assertThat(dropped).containsExactly(error);
    }

    @Test
    void generatorDiscardsAValueTheBodyEmitsAfterCancellation() {
        // Like a Python generator that yields in its finally block: nobody can take the value.
        StepVerifier.create(
                        Aio.<String>generator(emitter -> emitter.emit("a")
                                        .then(Mono.<Void>never())
                                        .doFinally(
                                                signal -> emitter.emit("late").subscribe()))
                                .contextWrite(discardInto()),
                        1)
                .expectNext("a")
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(discarded).containsExactly("late");
    }

    @Test
    void generatorDropsABodyErrorThatComesAfterCancellation() {
        Hooks.onErrorDropped(dropped::add);
        TestPublisher<Void> body = TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
        StepVerifier.create(Aio.<String>generator(emitter -> body.mono()), 1)
                .expectSubscription()
                .then(() -> assertThat(body.wasSubscribed()).isTrue())
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        IllegalStateException error = new IllegalStateException("late");
        body.error(error);
        assertThat(dropped).containsExactly(error);
    }
}
