package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link Aio#using}: async with, contextlib.aclosing. */
class UsingTest {

    /** The tutorial's AsyncResource, recording its calls. */
    static final class Resource implements AsyncContextManager<String> {
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<Object> exits = new CopyOnWriteArrayList<>();

        @Override
        public Mono<String> enter() {
            return Mono.fromRunnable(() -> log.add("Acquiring resource"))
                    .then(Aio.sleep(Duration.ofMillis(500), "resource"));
        }

        @Override
        public Mono<Void> exit(@Nullable Throwable errorOrNull) {
            return Mono.fromRunnable(() -> {
                        log.add("Releasing resource");
                        exits.add(errorOrNull == null ? "none" : errorOrNull);
                    })
                    .then(Aio.sleep(Duration.ofMillis(500)));
        }
    }

    @Nested
    class ContextManager {

        @Test
        void entersRunsTheBodyAndExitsWithNullOnSuccess() {
            Resource cm = new Resource();
            StepVerifier.withVirtualTime(() -> Aio.using(
                            cm,
                            r -> Mono.fromCallable(() -> {
                                cm.log.add("Using " + r);
                                return 42;
                            })))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectNext(42)
                    .verifyComplete();
            assertThat(cm.log).containsExactly("Acquiring resource", "Using resource", "Releasing resource");
            assertThat(cm.exits).containsExactly("none");
        }

        @Test
        void exitsOnceWithTheBodysError() {
            Resource cm = new Resource();
            IllegalStateException boom = new IllegalStateException("boom");
            StepVerifier.withVirtualTime(() -> Aio.using(cm, r -> Mono.error(boom)))
                    .thenAwait(Duration.ofSeconds(1))
                    .expectErrorMessage("boom")
                    .verify(Duration.ofSeconds(5));
            assertThat(cm.exits).containsExactly(boom);
        }

        @Test
        void exitsOnceWithCancellationWhenCancelled() {
            Resource cm = new Resource();
            StepVerifier.withVirtualTime(() -> Aio.using(cm, r -> Mono.never()))
                    .thenAwait(Duration.ofSeconds(1))
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
            assertThat(cm.exits).hasSize(1).first().isInstanceOf(CancellationException.class);
        }

        @Test
        void neverExitsWhenEnterFailed() {
            List<Object> exits = new CopyOnWriteArrayList<>();
            AsyncContextManager<String> failing = new AsyncContextManager<>() {
                @Override
                public Mono<String> enter() {
                    return Mono.error(new IllegalStateException("enter failed"));
                }

                @Override
                public Mono<Void> exit(@Nullable Throwable e) {
                    return Mono.fromRunnable(() -> exits.add("exit"));
                }
            };
            StepVerifier.create(Aio.using(failing, r -> Mono.just(1)))
                    .expectErrorMessage("enter failed")
                    .verify(Duration.ofSeconds(5));
            assertThat(exits).isEmpty();
        }

        @Test
        void isCold() {
            Resource cm = new Resource();
            Aio.using(cm, r -> Mono.just(1));
            assertThat(cm.log).isEmpty();
        }
    }

    @Nested
    class Closing {

        static final class Closeable implements AsyncCloseable {
            final List<String> log = new CopyOnWriteArrayList<>();

            @Override
            public Mono<Void> aclose() {
                return Mono.fromRunnable(() -> log.add("closed"));
            }
        }

        @Test
        void closesOnceOnSuccessErrorAndCancel() {
            Closeable ok = new Closeable();
            StepVerifier.create(Aio.using(Mono.just(ok), c -> Mono.just("v")))
                    .expectNext("v")
                    .verifyComplete();
            Closeable failed = new Closeable();
            StepVerifier.create(Aio.using(Mono.just(failed), c -> Mono.error(new IllegalStateException())))
                    .expectError(IllegalStateException.class)
                    .verify(Duration.ofSeconds(5));
            Closeable cancelled = new Closeable();
            StepVerifier.create(Aio.using(Mono.just(cancelled), c -> Mono.never()))
                    .expectSubscription()
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
            assertThat(ok.log).containsExactly("closed");
            assertThat(failed.log).containsExactly("closed");
            assertThat(cancelled.log).containsExactly("closed");
        }
    }
}
