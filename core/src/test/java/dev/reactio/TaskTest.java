package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.testsupport.Waiting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

/** {@link Task} and {@link Aio#createTask}: asyncio.Task, asyncio.create_task. */
class TaskTest {

    @Nested
    class Running {

        @Test
        void runsWithoutBeingAwaited() {
            AtomicBoolean ran = new AtomicBoolean();
            Aio.createTask(Mono.fromRunnable(() -> ran.set(true)));
            assertThat(ran).isTrue();
        }

        @Test
        void awaitGivesTheValueToEverySubscriber() {
            Sinks.One<String> sink = Sinks.one();
            Task<String> task = Aio.createTask(sink.asMono());
            StepVerifier.Step<String> first = StepVerifier.create(task.await());
            sink.tryEmitValue("Data 1");
            first.expectNext("Data 1").verifyComplete();
            StepVerifier.create(task.await()).expectNext("Data 1").verifyComplete();
        }

        @Test
        void awaitingTwiceDoesNotRunTheCoroutineTwice() {
            AtomicInteger subscriptions = new AtomicInteger();
            Task<Integer> task = Aio.createTask(Mono.fromSupplier(subscriptions::incrementAndGet));
            assertThat(Aio.run(task.await())).isEqualTo(1);
            assertThat(Aio.run(task.await())).isEqualTo(1);
        }

        @Test
        void anEmptyCoroutineGivesAnEmptyAwaitAndANullResult() {
            Task<String> task = Aio.createTask(Mono.empty());
            StepVerifier.create(task.await()).verifyComplete();
            assertThat(task.result()).isNull();
            assertThat(task.exception()).isNull();
        }

        @Test
        void tasksRunConcurrently() {
            StepVerifier.withVirtualTime(() -> {
                        Task<String> t1 = Aio.createTask(Aio.sleep(Duration.ofSeconds(1), "Data 1"));
                        Task<String> t2 = Aio.createTask(Aio.sleep(Duration.ofSeconds(1), "Data 2"));
                        return t1.await().zipWith(t2.await(), (a, b) -> a + " " + b);
                    })
                    .expectSubscription()
                    .expectNoEvent(Duration.ofSeconds(1)) // 1 s in all, not 2
                    .expectNext("Data 1 Data 2")
                    .verifyComplete();
        }

        @Test
        void namesDefaultToTaskNAndCanBeGiven() {
            assertThat(Aio.createTask(Mono.empty()).name()).matches("Task-\\d+");
            assertThat(Aio.createTask(Mono.empty(), "fetcher").name()).isEqualTo("fetcher");
            assertThat(Aio.createTask(Mono.empty(), null).name()).startsWith("Task-");
        }

        @Test
        void currentFindsTheTaskFromItsContext() {
            AtomicReference<Object> seen = new AtomicReference<>();
            Task<Object> task = Aio.createTask(
                    Mono.deferContextual(ctx -> {
                        seen.set(Task.current(ctx).orElse(null));
                        return Mono.empty();
                    }),
                    "me");
            assertThat(seen.get()).isSameAs(task);
            assertThat(Task.current(Context.empty())).isEmpty();
        }

        @Test
        void spawnRunsWithTheSubscribersContext() {
            StepVerifier.create(Aio.spawn(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("rid"))))
                            .flatMap(Task::await)
                            .contextWrite(Context.of("rid", "r-42")))
                    .expectNext("r-42")
                    .verifyComplete();
        }

        @Test
        void spawnIsCold() {
            AtomicBoolean ran = new AtomicBoolean();
            Aio.spawn(Mono.fromRunnable(() -> ran.set(true)));
            assertThat(ran).isFalse();
        }
    }

    @Nested
    class State {

        @Test
        void aPendingTaskIsNotDoneAndHasNoResultYet() {
            Task<String> task = Aio.createTask(Mono.never());
            assertThat(task.done()).isFalse();
            assertThat(task.cancelled()).isFalse();
            assertThatThrownBy(task::result)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is not done yet");
            assertThatThrownBy(task::exception).isInstanceOf(IllegalStateException.class);
            task.cancel();
        }

        @Test
        void aFailedTaskRethrowsLikeAioRun() {
            IllegalArgumentException unchecked = new IllegalArgumentException("x");
            Task<String> t1 = Aio.createTask(Mono.error(unchecked));
            assertThat(t1.done()).isTrue();
            assertThat(t1.exception()).isSameAs(unchecked);
            assertThatThrownBy(t1::result).isSameAs(unchecked);

            IOException checked = new IOException("io");
            Task<String> t2 = Aio.createTask(Mono.error(checked));
            assertThatThrownBy(t2::result)
                    .isInstanceOf(CompletionException.class)
                    .hasCause(checked);
        }

        @Test
        void toStringShowsNameAndState() {
            assertThat(Aio.createTask(Mono.never(), "w").toString()).isEqualTo("Task[w, pending]");
            assertThat(Aio.createTask(Mono.just(1), "d").toString()).isEqualTo("Task[d, finished]");
        }
    }

    @Nested
    class Cancel {

        @Test
        void cancelIsImmediateAndReportsTrue() {
            PublisherProbe<String> coro = PublisherProbe.of(Mono.never());
            Task<String> task = Aio.createTask(coro.mono());
            assertThat(task.cancel()).isTrue();
            assertThat(task.done()).isTrue();
            assertThat(task.cancelled()).isTrue();
            coro.assertWasCancelled();
            assertThatThrownBy(task::result).isInstanceOf(CancellationException.class);
            assertThatThrownBy(task::exception).isInstanceOf(CancellationException.class);
        }

        @Test
        void cancellingADoneTaskReturnsFalse() {
            Task<Integer> task = Aio.createTask(Mono.just(1));
            assertThat(task.cancel()).isFalse();
            assertThat(task.cancelled()).isFalse();
            assertThat(task.result()).isEqualTo(1);
        }

        @Test
        void awaitersOfACancelledTaskGetCancellationException() {
            Task<String> task = Aio.createTask(Mono.never());
            StepVerifier.Step<String> awaiting = StepVerifier.create(Aio.shield(task.await()));
            task.cancel();
            awaiting.expectError(CancellationException.class).verify(Duration.ofSeconds(5));
            StepVerifier.create(task.await())
                    .expectError(CancellationException.class)
                    .verify(Duration.ofSeconds(5));
        }

        @Test
        void cancellingAnAwaitingSubscriberCancelsTheTask() {
            PublisherProbe<String> coro = PublisherProbe.of(Mono.never());
            Task<String> task = Aio.createTask(coro.mono());
            StepVerifier.create(task.await()).expectSubscription().thenCancel().verify(Duration.ofSeconds(5));
            assertThat(task.cancelled()).isTrue();
            coro.assertWasCancelled();
        }

        @Test
        void shieldPreventsTheAwaitersCancellationFromReachingTheTask() {
            Task<String> task = Aio.createTask(Mono.never());
            StepVerifier.create(Aio.shield(task.await()))
                    .expectSubscription()
                    .thenCancel()
                    .verify(Duration.ofSeconds(5));
            assertThat(task.done()).isFalse();
            task.cancel();
        }

        @Test
        void aTaskWhoseMonoEndsWithCancellationIsCancelledAndNotReported() {
            Task<String> inner = Aio.createTask(Mono.never());
            try (LogCapture log = LogCapture.of("dev.reactio.Task")) {
                Task<String> outer = Aio.createTask(inner.await(), "awaits-cancelled");
                inner.cancel();
                assertThat(outer.cancelled()).isTrue();
                Aio.run(Mono.empty()); // would report unretrieved failures
                assertThat(log.messages()).noneMatch(m -> m.contains("awaits-cancelled"));
            }
        }

        @Test
        void theCancelledTasksCleanupHasRunBeforeAwaitersHear() {
            List<String> order = new CopyOnWriteArrayList<>();
            Task<String> task = Aio.createTask(Mono.<String>never().doFinally(s -> order.add("cleanup")));
            task.onDone(t -> order.add("callback"));
            task.cancel();
            assertThat(order).containsExactly("cleanup", "callback");
        }
    }

    @Nested
    class Callbacks {

        @Test
        void onDoneRunsAfterTheTaskIsMarkedDone() {
            Sinks.One<String> sink = Sinks.one();
            Task<String> task = Aio.createTask(sink.asMono());
            AtomicReference<Boolean> doneInCallback = new AtomicReference<>();
            task.onDone(t -> doneInCallback.set(t.done()));
            sink.tryEmitError(new IllegalStateException("x"));
            assertThat(doneInCallback.get()).isTrue();
        }

        @Test
        void onDoneOnAFinishedTaskRunsAtOnce() {
            Task<Integer> task = Aio.createTask(Mono.just(1));
            AtomicReference<Task<Integer>> seen = new AtomicReference<>();
            task.onDone(seen::set);
            assertThat(seen.get()).isSameAs(task);
        }

        @Test
        void aThrowingCallbackDoesNotStopTheOthers() {
            Sinks.One<String> sink = Sinks.one();
            Task<String> task = Aio.createTask(sink.asMono());
            AtomicBoolean second = new AtomicBoolean();
            try (LogCapture log = LogCapture.of("dev.reactio.Task")) {
                task.onDone(t -> {
                    throw new IllegalStateException("callback bug");
                });
                task.onDone(t -> second.set(true));
                sink.tryEmitValue("v");
                assertThat(log.messages()).anyMatch(m -> m.contains("Exception in done-callback"));
            }
            assertThat(second).isTrue();
        }

        @Test
        void toFutureCompletesWithTheOutcome() throws Exception {
            assertThat(Aio.createTask(Mono.just("v")).toFuture().get(5, TimeUnit.SECONDS))
                    .isEqualTo("v");
            CompletableFuture<String> failed = Aio.createTask(Mono.<String>error(new IllegalStateException("x")))
                    .toFuture();
            assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }

        @Test
        void cancellingTheFutureCancelsTheTask() {
            Task<String> task = Aio.createTask(Mono.never());
            task.toFuture().cancel(true);
            assertThat(task.cancelled()).isTrue();
        }
    }

    @Nested
    class NeverRetrieved {

        static final String LOGGER = "dev.reactio.Task";

        @Test
        void isLoggedOnceWhenAioRunReturns() {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                Aio.run(Mono.fromRunnable(
                        () -> Aio.createTask(Mono.error(new IllegalStateException("lost")), "orphan")));
                Aio.run(Mono.empty()); // a second run does not log it again
                assertThat(log.messages())
                        .filteredOn(m -> m.contains("orphan"))
                        .containsExactly("Task exception was never retrieved: task 'orphan' failed with "
                                + "java.lang.IllegalStateException: lost");
                assertThat(log.events().get(0).getThrowableProxy().getMessage()).isEqualTo("lost");
            }
        }

        @Test
        void aRunDoesNotReportTheTasksOfAnotherConcurrentRun() throws Exception {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                java.util.concurrent.CountDownLatch otherFailed = new java.util.concurrent.CountDownLatch(1);
                Sinks.Empty<Void> release = Sinks.empty();
                Thread other = new Thread(
                        () -> Aio.run(Mono.defer(() -> {
                            Aio.createTask(Mono.error(new IllegalStateException("theirs")), "other-run-task");
                            otherFailed.countDown();
                            return release.asMono();
                        })),
                        "other-run");
                other.start();
                assertThat(otherFailed.await(10, TimeUnit.SECONDS)).isTrue();
                Aio.run(Mono.fromRunnable(
                        () -> Aio.createTask(Mono.error(new IllegalStateException("mine")), "this-run-task")));
                assertThat(log.messages()).anyMatch(m -> m.contains("this-run-task"));
                assertThat(log.messages()).noneMatch(m -> m.contains("other-run-task"));
                release.tryEmitEmpty();
                other.join(10_000);
                assertThat(other.isAlive()).isFalse();
                assertThat(log.messages())
                        .filteredOn(m -> m.contains("other-run-task"))
                        .hasSize(1);
            }
        }

        @Test
        void aRunDoesNotReportATaskCreatedOutsideAnyRun() {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                Task<Object> outside = Aio.createTask(Mono.error(new IllegalStateException("x")), "outside-any-run");
                Aio.run(Mono.empty());
                assertThat(log.messages()).noneMatch(m -> m.contains("outside-any-run"));
                outside.exception(); // retrieved: no warning when it is collected either
            }
        }

        @Test
        void aRunReportsTheTasksSpawnedInItsContextOnOtherThreads() {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                // spawned on a parallel thread, and from inside that task's own body
                String[] names = Aio.run(Mono.delay(Duration.ofMillis(1))
                        .then(Aio.spawn(Aio.spawn(Mono.error(new IllegalStateException("inner")))
                                .flatMap(inner -> Mono.<String>error(new IllegalStateException(inner.name())))))
                        .map(outer ->
                                new String[] {outer.name(), outer.exception().getMessage()}));
                assertThat(log.messages()).anyMatch(m -> m.contains("task '" + names[1] + "'"));
            }
        }

        @Test
        void isNotLoggedWhenRetrievedByResultExceptionAwaitOrCallback() {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                Aio.run(Mono.defer(() -> {
                    Task<String> a = Aio.createTask(Mono.error(new IllegalStateException("a")), "seen-a");
                    a.exception();
                    Task<String> b = Aio.createTask(Mono.error(new IllegalStateException("b")), "seen-b");
                    assertThatThrownBy(b::result);
                    Task<String> c = Aio.createTask(Mono.error(new IllegalStateException("c")), "seen-c");
                    c.onDone(t -> {});
                    Task<String> d = Aio.createTask(Mono.error(new IllegalStateException("d")), "seen-d");
                    return d.await().onErrorResume(e -> Mono.empty());
                }));
                assertThat(log.messages()).noneMatch(m -> m.contains("seen-"));
            }
        }

        @Test
        void isNotLoggedForCancelledOrSuccessfulTasks() {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                Aio.run(Mono.fromRunnable(() -> {
                    Aio.createTask(Mono.never(), "quiet-cancelled").cancel();
                    Aio.createTask(Mono.just(1), "quiet-ok");
                }));
                assertThat(log.messages()).noneMatch(m -> m.contains("quiet-"));
            }
        }

        @Test
        void isLoggedWhenTheTaskIsGarbageCollected() throws InterruptedException {
            try (LogCapture log = LogCapture.of(LOGGER)) {
                createAndDropAFailedTask();
                Waiting.await("the dropped task's exception to be logged")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            System.gc(); // the Cleaner thread logs once it sees the task unreachable
                            return log.messages().stream().anyMatch(m -> m.contains("collected"));
                        });
                assertThat(log.messages())
                        .filteredOn(m -> m.contains("collected"))
                        .hasSize(1);
            }
        }

        private void createAndDropAFailedTask() {
            Aio.createTask(Mono.error(new IllegalStateException("x")), "collected");
        }
    }

    @Nested
    class Threads {

        @Test
        void completionFromAnotherThreadReachesAwaiters() {
            Task<String> task = Aio.createTask(Mono.just("v").publishOn(Schedulers.parallel()));
            assertThat(Aio.run(task.await())).isEqualTo("v");
            assertThat(task.done()).isTrue();
        }
    }
}
