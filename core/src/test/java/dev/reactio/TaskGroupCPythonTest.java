package dev.reactio;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

// Ports CPython Lib/test/test_asyncio/test_taskgroups.py: test_taskgroup_01, _03, _04, _07, _10, _11, _12, _14, _17,
// _22, _24, _25, test_cancel_children_on_child_error, test_cancellation, test_taskgroup_task_name, test_name,
// test_taskgroup_task_context, test_taskgroup_no_create_task_after_failure, test_taskgroup_finished,
// test_coro_closed_when_tg_closed, test_cancels_task_if_created_during_creation.
class TaskGroupCPythonTest {

    /** Hang guard only: every scenario runs on virtual time or synchronously. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    /** CPython's {@code MyExc}. */
    static final class MyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MyException(String message) {
            super(message);
        }
    }

    /** {@code await asyncio.sleep(delay); raise error}. */
    private static <T> Mono<T> failAfter(Duration delay, RuntimeException error) {
        return Aio.sleep(delay).then(Mono.error(error));
    }

    /** CPython's {@code get_error_types(eg)}. */
    private static Set<Class<?>> errorTypes(Throwable error) {
        assertThat(error).isInstanceOf(TaskGroupException.class);
        return ((TaskGroupException) error)
                .exceptions().stream().map(Throwable::getClass).collect(toSet());
    }

    @Nested
    class Completion {

        // test_taskgroup_01
        @Test
        void runCompletesOnlyAfterEveryTaskIsDone() {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        t1.set(g.createTask(Aio.sleep(Duration.ofMillis(100), 42)));
                        t2.set(g.createTask(Aio.sleep(Duration.ofMillis(200), 11)));
                        return Mono.empty();
                    }))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(199))
                    .thenAwait(Duration.ofMillis(1))
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(t1.get().result()).isEqualTo(42);
            assertThat(t2.get().result()).isEqualTo(11);
        }

        // test_taskgroup_03
        @Test
        void explicitlyCancelledTaskDoesNotStopTheGroup() {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        t1.set(g.createTask(Aio.sleep(Duration.ofSeconds(1), 42)));
                        return Aio.sleep(Duration.ofMillis(150)).then(Mono.fromRunnable(() -> {
                            t1.get().cancel();
                            t2.set(g.createTask(Aio.sleep(Duration.ofMillis(200), 11)));
                        }));
                    }))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(349))
                    .thenAwait(Duration.ofMillis(1))
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(t1.get().cancelled()).isTrue();
            assertThat(t2.get().result()).isEqualTo(11);
        }

        // test_taskgroup_24
        @Test
        void tasksCreatedByTasksOfTheGroupAreAwaitedToo() {
            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        g.createTask(Aio.sleep(Duration.ofMillis(100)).then(Mono.fromRunnable(() -> {
                            g.createTask(Aio.sleep(Duration.ofMillis(100)));
                            g.createTask(Aio.sleep(Duration.ofMillis(200)));
                        })));
                        return Mono.empty();
                    }))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(299))
                    .thenAwait(Duration.ofMillis(1))
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        // test_taskgroup_task_name, test_name
        @Test
        void taskCreatedWithANameRunsAsTheCurrentTaskUnderThatName() {
            TaskGroup.run(g -> g.createTask(
                                    Mono.deferContextual(ctx ->
                                            Mono.justOrEmpty(Task.current(ctx).map(Task::name))),
                                    "example name")
                            .await())
                    .as(StepVerifier::create)
                    .expectNext("example name")
                    .expectComplete()
                    .verify(HANG_GUARD);
        }

        // test_taskgroup_task_context: asyncio passes a contextvars.Context; Reactio's tasks see the Reactor
        // Context of whoever subscribed to run (API.md).
        @Test
        void tasksSeeTheContextOfTheRunSubscriber() {
            TaskGroup.run(g -> g.createTask(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("cvar"))))
                            .await())
                    .contextWrite(Context.of("cvar", "yes"))
                    .as(StepVerifier::create)
                    .expectNext("yes")
                    .expectComplete()
                    .verify(HANG_GUARD);
        }
    }

    @Nested
    class Failure {

        // test_taskgroup_04, test_cancel_children_on_child_error
        @Test
        void childFailureCancelsTheOtherChildrenAndTheBody() {
            AtomicInteger num = new AtomicInteger();
            AtomicBoolean t2Cancelled = new AtomicBoolean();
            AtomicBoolean bodyCancelled = new AtomicBoolean();
            AtomicReference<Task<Object>> t2 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                                for (int i = 0; i < 3; i++) {
                                    g.createTask(
                                            failAfter(Duration.ofMillis(100), new ArithmeticException("/ by zero")));
                                }
                                t2.set(g.createTask(Aio.sleep(Duration.ofSeconds(5))
                                        .doOnCancel(() -> t2Cancelled.set(true))
                                        .then(Mono.fromRunnable(num::incrementAndGet))));
                                return Aio.sleep(Duration.ofSeconds(10)).doOnCancel(() -> bodyCancelled.set(true));
                            })
                            .then(Mono.fromRunnable(() -> num.addAndGet(10))))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(99))
                    .thenAwait(Duration.ofMillis(1))
                    .expectErrorSatisfies(e -> assertThat(errorTypes(e)).containsOnly(ArithmeticException.class))
                    .verify(HANG_GUARD);

            assertThat(num).hasValue(0);
            assertThat(t2Cancelled).isTrue();
            assertThat(bodyCancelled).isTrue();
            assertThat(t2.get().cancelled()).isTrue();
        }

        // test_taskgroup_10
        @Test
        void bodyThrowingWhileBuildingItsMonoCancelsEveryTask() {
            AtomicReference<Task<Integer>> t1 = new AtomicReference<>();
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.<Void>run(g -> {
                        t1.set(g.createTask(Aio.sleep(Duration.ofSeconds(1), 42)));
                        t2.set(g.createTask(Aio.sleep(Duration.ofSeconds(2), 11)));
                        throw new ArithmeticException("/ by zero");
                    }))
                    .expectSubscription()
                    .expectErrorSatisfies(e -> assertThat(errorTypes(e)).containsOnly(ArithmeticException.class))
                    .verify(HANG_GUARD);

            assertThat(t1.get().cancelled()).isTrue();
            assertThat(t2.get().cancelled()).isTrue();
        }

        // test_taskgroup_10 as CPython's TestEagerTaskTaskGroup runs it, with a child that fails while the body
        // is still running: asyncio reports both the child's and the body's error; API.md wants every failure,
        // the body's included, in completion order.
        @Test
        void bodyFailureAfterAChildFailedDuringTheBodyIsReportedToo() {
            MyException childError = new MyException("child");
            IllegalArgumentException bodyError = new IllegalArgumentException("body");

            TaskGroup.<Void>run(g -> {
                        g.createTask(Mono.error(childError));
                        throw bodyError;
                    })
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e ->
                            assertThat(((TaskGroupException) e).exceptions()).containsExactly(childError, bodyError))
                    .verify(HANG_GUARD);
        }

        // test_taskgroup_14
        @Test
        void failedInnerGroupIsOneNestedExceptionOfTheOuterGroup() {
            AtomicReference<Task<Object>> outerTask = new AtomicReference<>();
            IllegalArgumentException innerError = new IllegalArgumentException("0.1");

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g1 -> {
                        outerTask.set(
                                g1.createTask(failAfter(Duration.ofSeconds(10), new IllegalArgumentException("10"))));
                        return TaskGroup.run(g2 -> {
                            g2.createTask(failAfter(Duration.ofMillis(100), innerError));
                            return Mono.empty();
                        });
                    }))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(99))
                    .thenAwait(Duration.ofMillis(1))
                    .expectErrorSatisfies(e -> {
                        assertThat(errorTypes(e)).containsOnly(TaskGroupException.class);
                        TaskGroupException inner = (TaskGroupException)
                                ((TaskGroupException) e).exceptions().get(0);
                        assertThat(inner.exceptions()).containsExactly(innerError);
                    })
                    .verify(HANG_GUARD);

            assertThat(outerTask.get().cancelled()).isTrue();
        }

        // test_taskgroup_25
        @Test
        void failureStopsTasksThatKeepCreatingTasks() {
            AtomicInteger hydras = new AtomicInteger();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        g.createTask(hydra(g, hydras));
                        g.createTask(hercules(hydras));
                        return Mono.empty();
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(1))
                    .expectErrorSatisfies(e -> assertThat(errorTypes(e)).containsOnly(ArithmeticException.class))
                    .verify(HANG_GUARD);

            assertThat(hydras.get()).isGreaterThanOrEqualTo(10);
        }

        private Mono<Void> hydra(TaskGroup g, AtomicInteger hydras) {
            return Mono.defer(() -> {
                hydras.incrementAndGet();
                return Aio.sleep(Duration.ofMillis(10)).then(Mono.fromRunnable(() -> {
                    g.createTask(hydra(g, hydras));
                    g.createTask(hydra(g, hydras));
                }));
            });
        }

        private Mono<Void> hercules(AtomicInteger hydras) {
            return Mono.defer(() -> hydras.get() < 10
                    ? Aio.sleep(Duration.ofMillis(15)).then(hercules(hydras))
                    : Mono.error(new ArithmeticException("/ by zero")));
        }

        // test_taskgroup_no_create_task_after_failure
        @Test
        void createTaskWhileTheGroupShutsDownIsRejected() {
            AtomicReference<Throwable> rejected = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        g.createTask(failAfter(Duration.ofMillis(1), new ArithmeticException("/ by zero")));
                        g.createTask(Aio.sleep(Duration.ofSeconds(1)).doOnCancel(() -> {
                            try {
                                g.createTask(failAfter(Duration.ofMillis(1), new ArithmeticException("late")));
                            } catch (IllegalStateException e) {
                                rejected.set(e);
                            }
                        }));
                        return Mono.empty();
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(1))
                    .expectErrorSatisfies(e -> assertThat(((TaskGroupException) e).exceptions())
                            .extracting(Throwable::getMessage)
                            .containsExactly("/ by zero"))
                    .verify(HANG_GUARD);

            assertThat(rejected.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
        }

        // test_cancels_task_if_created_during_creation (gh-128550)
        @Test
        void taskThatFailsWhileItsCreatorRunsCancelsTheCreator() {
            MyException thirdError = new MyException("third task failed");
            AtomicReference<Task<Void>> second = new AtomicReference<>();
            AtomicBoolean sleepCompleted = new AtomicBoolean();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        second.set(g.createTask(Mono.defer(() -> {
                            g.createTask(Mono.error(thirdError));
                            return Aio.sleep(Duration.ZERO)
                                    .then(Aio.sleep(Duration.ZERO))
                                    .doOnSuccess(v -> sleepCompleted.set(true));
                        })));
                        return Mono.empty();
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(1))
                    .expectErrorSatisfies(e ->
                            assertThat(((TaskGroupException) e).exceptions()).containsExactly(thirdError))
                    .verify(HANG_GUARD);

            assertThat(second.get().cancelled()).isTrue();
            assertThat(sleepCompleted).isFalse();
        }

        // test_taskgroup_03 with t1's cancellation arriving through an await: in asyncio a task whose coroutine
        // raises CancelledError is cancelled(), and TaskGroup._on_task_done ignores cancelled tasks. API.md: the
        // first task failure "other than cancellation" aborts the group.
        @Test
        void childEndingWithCancellationExceptionIsNotAFailure() {
            AtomicReference<Task<Integer>> t2 = new AtomicReference<>();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        Task<Integer> outside = Aio.createTask(Aio.sleep(Duration.ofSeconds(1), 42));
                        g.createTask(outside.await());
                        t2.set(g.createTask(Aio.sleep(Duration.ofMillis(200), 11)));
                        return Aio.sleep(Duration.ofMillis(150)).then(Mono.fromRunnable(outside::cancel));
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(200))
                    .expectComplete()
                    .verify(HANG_GUARD);

            assertThat(t2.get().result()).isEqualTo(11);
        }
    }

    @Nested
    class Cancellation {

        // test_cancellation, test_taskgroup_07, test_taskgroup_17, test_taskgroup_22
        @Test
        void cancellingRunCancelsEveryTaskAndTheBody() {
            AtomicInteger num = new AtomicInteger();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g -> {
                        for (int i = 0; i < 5; i++) {
                            g.createTask(Aio.sleep(Duration.ofSeconds(5)).doOnCancel(num::incrementAndGet));
                        }
                        return Aio.sleep(Duration.ofSeconds(10)).doOnCancel(() -> num.addAndGet(10));
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(100))
                    .thenCancel()
                    .verify(HANG_GUARD);

            assertThat(num).hasValue(15);
        }

        // test_taskgroup_11, test_taskgroup_12
        @Test
        void cancellingTheOuterRunCancelsTheTasksOfANestedGroup() {
            AtomicInteger cancelled = new AtomicInteger();

            StepVerifier.withVirtualTime(() -> TaskGroup.run(g1 -> {
                        g1.createTask(Aio.sleep(Duration.ofSeconds(10)).doOnCancel(cancelled::incrementAndGet));
                        return TaskGroup.run(g2 -> {
                            for (int i = 0; i < 5; i++) {
                                g2.createTask(Aio.sleep(Duration.ofSeconds(10)).doOnCancel(cancelled::incrementAndGet));
                            }
                            return Aio.sleep(Duration.ofSeconds(10)).doOnCancel(cancelled::incrementAndGet);
                        });
                    }))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(100))
                    .thenCancel()
                    .verify(HANG_GUARD);

            assertThat(cancelled).hasValue(7);
        }
    }

    @Nested
    class Lifecycle {

        // test_taskgroup_finished, test_coro_closed_when_tg_closed
        @Test
        void createTaskAfterTheGroupFinishedIsRejectedWithoutSubscribing() {
            AtomicReference<TaskGroup> group = new AtomicReference<>();
            TaskGroup.run(g -> {
                        group.set(g);
                        return Mono.empty();
                    })
                    .as(StepVerifier::create)
                    .expectComplete()
                    .verify(HANG_GUARD);
            PublisherProbe<Void> coro = PublisherProbe.empty();

            assertThatThrownBy(() -> group.get().createTask(coro.mono()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is finished");
            coro.assertWasNotSubscribed();
        }
    }
}
