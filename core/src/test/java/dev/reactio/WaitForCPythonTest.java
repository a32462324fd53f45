package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;

// Ports CPython Lib/test/test_asyncio/test_waitfor.py: test_wait_for, test_wait_for_waits_for_task_cancellation,
// test_wait_for_waits_for_task_cancellation_w_timeout_0, test_wait_for_race_condition,
// test_wait_for_timeout_less_then_0_or_0_future_done, test_wait_for_timeout_less_then_0_or_0,
// test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started, test_cancel_wait_for, test_cancel_blocking_wait_for,
// WaitForShieldTests.test_zero_timeout, WaitForShieldTests.test_shielded_timeout.
class WaitForCPythonTest {

    /** Hang guard only: every scenario runs on virtual time or synchronously. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    @Nested
    class PositiveTimeout {

        // test_wait_for
        @Test
        void timeoutCancelsTheAwaitedTaskAndErrorsWithTimeoutException() {
            AtomicReference<Task<String>> fut = new AtomicReference<>();
            AtomicBoolean fooRunning = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> {
                        fut.set(Aio.createTask(Mono.defer(() -> {
                                    fooRunning.set(true);
                                    return Aio.sleep(Duration.ofHours(1), "done");
                                })
                                .doFinally(signal -> fooRunning.set(false))));
                        return Aio.waitFor(fut.get().await(), Duration.ofMillis(100));
                    })
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(99))
                    .thenAwait(Duration.ofMillis(1))
                    .expectError(TimeoutException.class)
                    .verify(HANG_GUARD);

            assertThat(fut.get().done()).isTrue();
            assertThat(fut.get().cancelled()).isTrue();
            assertThat(fooRunning).isFalse();
        }

        // test_wait_for_race_condition
        @Test
        void valueArrivingBeforeTheDeadlineIsReturned() {
            StepVerifier.withVirtualTime(
                            () -> Aio.waitFor(Aio.sleep(Duration.ofMillis(100), "ok"), Duration.ofMillis(200)))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(99))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNext("ok")
                    .expectComplete()
                    .verify(HANG_GUARD);
        }
    }

    @Nested
    class NonPositiveTimeout {

        // test_wait_for_timeout_less_then_0_or_0_future_done
        @ParameterizedTest
        @ValueSource(longs = {0, -1})
        void resultOfAnAlreadyDoneTaskIsReturned(long timeoutMillis) {
            Task<String> fut = Aio.createTask(Mono.just("done"));

            Aio.waitFor(fut.await(), Duration.ofMillis(timeoutMillis))
                    .as(StepVerifier::create)
                    .expectNext("done")
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(fut.done()).isTrue();
        }

        // test_wait_for_timeout_less_then_0_or_0
        @ParameterizedTest
        @ValueSource(longs = {0, -1})
        void runningTaskIsCancelledAndTimeoutExceptionFollowsAtOnce(long timeoutMillis) {
            AtomicReference<Task<String>> fut = new AtomicReference<>();
            AtomicBoolean fooRunning = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> {
                        fut.set(Aio.createTask(Mono.defer(() -> {
                                    fooRunning.set(true);
                                    return Aio.sleep(Duration.ofSeconds(10), "done");
                                })
                                .doFinally(signal -> fooRunning.set(false))));
                        return Aio.waitFor(fut.get().await(), Duration.ofMillis(timeoutMillis));
                    })
                    .expectSubscription()
                    .expectError(TimeoutException.class)
                    .verify(HANG_GUARD);

            assertThat(fut.get().done()).isTrue();
            assertThat(fut.get().cancelled()).isTrue();
            assertThat(fooRunning).isFalse();
        }

        // test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started: asyncio never starts the coroutine;
        // a Mono must be subscribed to learn whether it is already done, so Reactio subscribes and then cancels
        // it (API.md).
        @Test
        void monoThatIsNotAlreadyDoneIsCancelled() {
            PublisherProbe<Void> foo = PublisherProbe.of(Mono.never());

            Aio.waitFor(foo.mono(), Duration.ZERO)
                    .as(StepVerifier::create)
                    .expectError(TimeoutException.class)
                    .verify(HANG_GUARD);

            foo.assertWasCancelled();
        }
    }

    @Nested
    class Cancellation {

        // test_wait_for_waits_for_task_cancellation, test_wait_for_waits_for_task_cancellation_w_timeout_0:
        // asyncio awaits the task's (asynchronous) cleanup; a Reactor cancel is synchronous, so the cleanup has
        // finished by the time the TimeoutException is signalled.
        @ParameterizedTest
        @ValueSource(longs = {0, 1})
        void awaitedTaskIsCancelledBeforeTheTimeoutErrorIsSignalled(long timeoutMillis) {
            AtomicBoolean taskDone = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> {
                        Task<Void> inner =
                                Aio.createTask(Aio.sleep(Duration.ofSeconds(10)).doFinally(s -> taskDone.set(true)));
                        return Aio.sleep(Duration.ofMillis(1)) // let the task start, like asyncio.sleep(_EPSILON)
                                .then(Aio.waitFor(inner.await(), Duration.ofMillis(timeoutMillis)))
                                .then(Mono.<Boolean>empty())
                                .onErrorResume(TimeoutException.class, e -> Mono.just(taskDone.get()));
                    })
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(2))
                    .expectNext(true)
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        // test_cancel_wait_for, test_cancel_blocking_wait_for (Python issue #23219)
        @Test
        void cancellingWaitForCancelsTheAwaitedTask() {
            AtomicReference<Task<Void>> task = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> {
                        task.set(Aio.createTask(Mono.never()));
                        return Aio.waitFor(task.get().await(), Duration.ofSeconds(60));
                    })
                    .expectSubscription()
                    .thenCancel()
                    .verify(HANG_GUARD);

            assertThat(task.get().cancelled()).isTrue();
        }
    }

    @Nested
    class Shield {

        // WaitForShieldTests.test_zero_timeout, WaitForShieldTests.test_shielded_timeout
        @ParameterizedTest
        @ValueSource(longs = {0, 10})
        void shieldedTaskKeepsRunningAfterTheTimeout(long timeoutMillis) {
            AtomicBoolean timedOut = new AtomicBoolean();
            AtomicBoolean doneAtTimeout = new AtomicBoolean();
            AtomicBoolean cancelledAtTimeout = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> {
                        Task<String> task = Aio.createTask(Aio.sleep(Duration.ofMillis(100), "done"));
                        return Aio.waitFor(Aio.shield(task.await()), Duration.ofMillis(timeoutMillis))
                                .onErrorResume(TimeoutException.class, e -> {
                                    timedOut.set(true);
                                    doneAtTimeout.set(task.done());
                                    cancelledAtTimeout.set(task.cancelled());
                                    return task.await(); // wait for the task to complete
                                });
                    })
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(100))
                    .expectNext("done")
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(timedOut).isTrue();
            assertThat(doneAtTimeout).isFalse();
            assertThat(cancelledAtTimeout).isFalse();
        }
    }
}
