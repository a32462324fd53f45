package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.internal.Debug;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Debug mode: {@link Aio#enableDebug()}, {@link RunOptions#debug()}. The surefire JVM runs with
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}, which BlockHound needs on Java 13+.
 */
// BlockHound's first install instruments the JDK: 30-40 s on a loaded machine with Java 25.
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class DebugTest {

    @AfterEach
    void off() {
        Aio.disableDebug();
    }

    /** Blocks for real: the blocking call under test, which BlockHound must intercept. */
    static int sleepBriefly() throws InterruptedException {
        Thread.sleep(1);
        return 1;
    }

    @Nested
    class BlockingCalls {

        @Test
        void aThreadSleepOnAParallelThreadIsReportedNamingTheCall() {
            Aio.enableDebug();
            StepVerifier.create(Mono.fromCallable(DebugTest::sleepBriefly).subscribeOn(Schedulers.parallel()))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(BlockingOperationError.class)
                            .hasMessageContaining("java.lang.Thread.sleep"))
                    .verify(Duration.ofSeconds(10));
        }

        @Test
        void printingToTheConsoleIsNotReported() throws java.io.IOException {
            Aio.enableDebug();
            // A real file stream, as System.out is: FileOutputStream.writeBytes is what BlockHound flags.
            java.io.PrintStream sink = new java.io.PrintStream(new java.io.FileOutputStream("/dev/null"), true);
            StepVerifier.create(Mono.fromCallable(() -> {
                                sink.println("printing is fine, as in asyncio");
                                return 1;
                            })
                            .subscribeOn(Schedulers.parallel()))
                    .expectNext(1)
                    .verifyComplete();
        }

        @Test
        void blockingOnABoundedElasticThreadIsAllowed() {
            Aio.enableDebug();
            StepVerifier.create(Aio.toThread(DebugTest::sleepBriefly))
                    .expectNext(1)
                    .verifyComplete();
        }

        @Test
        void nothingIsReportedOnceDebugIsOff() {
            Aio.enableDebug();
            Aio.disableDebug();
            StepVerifier.create(Mono.fromCallable(DebugTest::sleepBriefly).subscribeOn(Schedulers.parallel()))
                    .expectNext(1)
                    .verifyComplete();
        }

        @Test
        void runWithDebugOptionsReportsAndSwitchesOffAfterwards() {
            Mono<Integer> blocking = Mono.fromCallable(DebugTest::sleepBriefly).subscribeOn(Schedulers.parallel());
            Throwable error =
                    Aio.run(blocking.map(v -> (Throwable) null).onErrorResume(Mono::just), RunOptions.debug());
            assertThat(error).isInstanceOf(BlockingOperationError.class);
            assertThat(Debug.isEnabled()).isFalse();
            assertThat(Aio.run(blocking)).isEqualTo(1);
        }
    }

    @Nested
    class SlowCallbacks {

        private LongSupplier previousClock;

        @AfterEach
        void restoreClock() {
            if (previousClock != null) {
                Debug.useClock(previousClock);
            }
        }

        /** A clock that moves {@code step} forward at every reading: each timed task "takes" that long. */
        void everyTaskTakes(Duration step) {
            AtomicLong now = new AtomicLong();
            previousClock = Debug.useClock(() -> now.addAndGet(step.toNanos()));
        }

        @Test
        void workHoldingAParallelThreadTooLongIsLoggedAsSlow() throws InterruptedException {
            everyTaskTakes(Duration.ofMillis(150));
            try (LogCapture log = LogCapture.of(Debug.LOGGER_NAME)) {
                Aio.enableDebug();
                StepVerifier.create(Mono.fromCallable(() -> 1).subscribeOn(Schedulers.parallel()))
                        .expectNext(1)
                        .verifyComplete();
                assertThat(log.awaitMessage(m -> m.startsWith("Executing "), 5, TimeUnit.SECONDS))
                        .isTrue();
                assertThat(log.messages())
                        .anySatisfy(
                                m -> assertThat(m).contains("took 0.150 seconds on non-blocking thread 'parallel-"));
            }
        }

        @Test
        void workUnderTheThresholdIsNotLogged() throws InterruptedException {
            everyTaskTakes(Duration.ofMillis(50));
            try (LogCapture log = LogCapture.of(Debug.LOGGER_NAME)) {
                Aio.enableDebug(Duration.ofMillis(100));
                StepVerifier.create(Mono.fromCallable(() -> 1).subscribeOn(Schedulers.parallel()))
                        .expectNext(1)
                        .verifyComplete();
                assertThat(log.awaitMessage(m -> m.startsWith("Executing "), 200, TimeUnit.MILLISECONDS))
                        .isFalse();
            }
        }

        @Test
        void theThresholdIsConfigurable() throws InterruptedException {
            everyTaskTakes(Duration.ofMillis(50));
            try (LogCapture log = LogCapture.of(Debug.LOGGER_NAME)) {
                Aio.enableDebug(Duration.ofMillis(20));
                StepVerifier.create(Mono.fromCallable(() -> 1).subscribeOn(Schedulers.parallel()))
                        .expectNext(1)
                        .verifyComplete();
                assertThat(log.awaitMessage(m -> m.contains("took 0.050 seconds"), 5, TimeUnit.SECONDS))
                        .isTrue();
            }
        }

        @Test
        void slowWorkOnABlockingThreadIsNotLogged() throws InterruptedException {
            everyTaskTakes(Duration.ofMillis(500));
            try (LogCapture log = LogCapture.of(Debug.LOGGER_NAME)) {
                Aio.enableDebug();
                StepVerifier.create(Mono.fromCallable(() -> 1).subscribeOn(Schedulers.boundedElastic()))
                        .expectNext(1)
                        .verifyComplete();
                assertThat(log.awaitMessage(m -> m.startsWith("Executing "), 200, TimeUnit.MILLISECONDS))
                        .isFalse();
            }
        }
    }

    @Nested
    class AssemblyTraces {

        @Test
        void errorsCarryTheAssemblySiteInDebugMode() {
            Aio.enableDebug();
            Mono<Integer> failing =
                    Mono.<Integer>error(new IllegalStateException("x")).map(i -> i + 1);
            StepVerifier.create(failing)
                    .expectErrorSatisfies(e -> assertThat(e.getSuppressed())
                            .anySatisfy(s -> assertThat(s.getMessage()).contains("Assembly trace")))
                    .verify(Duration.ofSeconds(5));
        }
    }

    /** disableDebug() removes only what enableDebug() installed: the user's own hooks survive. */
    @Nested
    class UsersOwnHooks {

        @AfterEach
        void resetUsersHooks() {
            Hooks.resetOnOperatorDebug();
            Hooks.resetOnEachOperator("user");
            Hooks.resetOnNextDropped();
            Schedulers.resetOnScheduleHook("user");
        }

        boolean assemblyTracesAreOn() {
            Throwable[] seen = new Throwable[1];
            Mono.<Integer>error(new IllegalStateException("x")).map(i -> i + 1).subscribe(v -> {}, e -> seen[0] = e);
            return java.util.Arrays.stream(seen[0].getSuppressed())
                    .anyMatch(s -> String.valueOf(s.getMessage()).contains("Assembly trace"));
        }

        @Test
        void theUsersOperatorDebugSurvivesDisableDebug() {
            Hooks.onOperatorDebug();
            Aio.enableDebug();
            Aio.disableDebug();
            assertThat(assemblyTracesAreOn()).isTrue();
        }

        @Test
        void theUsersOperatorDebugSurvivesARunInDebugMode() {
            Hooks.onOperatorDebug();
            Aio.run(Mono.empty(), RunOptions.debug());
            assertThat(assemblyTracesAreOn()).isTrue();
        }

        @Test
        void debugModesOwnAssemblyTracesAreSwitchedOff() {
            Aio.enableDebug();
            assertThat(assemblyTracesAreOn()).isTrue();
            Aio.disableDebug();
            assertThat(assemblyTracesAreOn()).isFalse();
        }

        @Test
        void theUsersKeyedAndDroppedHooksSurvive() {
            AtomicLong assembled = new AtomicLong();
            AtomicLong scheduled = new AtomicLong();
            java.util.List<Object> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
            Hooks.onEachOperator("user", p -> {
                assembled.incrementAndGet();
                return p;
            });
            Hooks.onNextDropped(dropped::add);
            Schedulers.onScheduleHook("user", r -> {
                scheduled.incrementAndGet();
                return r;
            });
            Aio.enableDebug();
            Aio.disableDebug();

            Mono.just(1).map(i -> i).block();
            assertThat(assembled).hasPositiveValue();
            Schedulers.parallel().schedule(() -> {}); // the hook wraps the task as it is scheduled
            assertThat(scheduled).hasPositiveValue();
            reactor.core.publisher.Operators.onNextDropped("late", reactor.util.context.Context.empty());
            assertThat(dropped).containsExactly("late");
        }
    }

    @Nested
    class Options {

        @Test
        void defaultsAndWithers() {
            assertThat(RunOptions.defaults().isDebug()).isFalse();
            assertThat(RunOptions.defaults().slowCallbackDuration()).isEqualTo(Duration.ofMillis(100));
            assertThat(RunOptions.debug().isDebug()).isTrue();
            RunOptions custom = RunOptions.debug().withSlowCallbackDuration(Duration.ofMillis(50));
            assertThat(custom.slowCallbackDuration()).isEqualTo(Duration.ofMillis(50));
            assertThat(custom.withDebug(false).isDebug()).isFalse();
            assertThat(RunOptions.defaults()).isEqualTo(RunOptions.debug().withDebug(false));
        }

        @Test
        void aNegativeThresholdIsRejectedNamingIt() {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> RunOptions.defaults().withSlowCallbackDuration(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("slowCallbackDuration must be zero or positive, but was PT-0.001S");
        }

        @Test
        void theCanonicalConstructorChecksAsTheWitherDoes() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunOptions(true, Duration.ofSeconds(-2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("slowCallbackDuration must be zero or positive, but was PT-2S");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RunOptions(true, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("slowCallbackDuration");
            assertThat(new RunOptions(true, Duration.ZERO).slowCallbackDuration())
                    .isZero();
        }

        @Test
        void isAValue() {
            RunOptions options = new RunOptions(true, Duration.ofMillis(50));
            assertThat(options)
                    .isEqualTo(RunOptions.debug().withSlowCallbackDuration(Duration.ofMillis(50)))
                    .hasSameHashCodeAs(RunOptions.debug().withSlowCallbackDuration(Duration.ofMillis(50)))
                    .isNotEqualTo(RunOptions.debug());
            assertThat(options).hasToString("RunOptions[isDebug=true, slowCallbackDuration=PT0.05S]");
        }
    }
}
