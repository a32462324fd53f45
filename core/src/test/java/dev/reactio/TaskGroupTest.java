package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

/** {@link TaskGroup}: asyncio.TaskGroup. */
class TaskGroupTest {

    @Test
    void waitsForEveryTaskAndGivesTheBodysValue() {
        List<String> finished = new CopyOnWriteArrayList<>();
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    tg.createTask(Aio.sleep(Duration.ofSeconds(1)).doOnSuccess(v -> finished.add("task1")));
                    tg.createTask(Aio.sleep(Duration.ofSeconds(3)).doOnSuccess(v -> finished.add("task2")));
                    return Mono.just("body");
                }))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(3))
                .expectNext("body")
                .verifyComplete();
        assertThat(finished).containsExactly("task1", "task2");
    }

    @Test
    void theBodyCanAwaitItsTasks() {
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    Task<String> a = tg.createTask(Aio.sleep(Duration.ofSeconds(1), "a"));
                    Task<String> b = tg.createTask(Aio.sleep(Duration.ofSeconds(2), "b"));
                    return a.await().zipWith(b.await(), String::concat);
                }))
                .thenAwait(Duration.ofSeconds(2))
                .expectNext("ab")
                .verifyComplete();
    }

    @Test
    void theFirstFailureCancelsTheBodyAndTheSiblings() {
        PublisherProbe<Void> sibling = PublisherProbe.of(Mono.never());
        PublisherProbe<String> body = PublisherProbe.of(Mono.never());
        IllegalStateException boom = new IllegalStateException("boom");
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    tg.createTask(sibling.mono());
                    tg.createTask(Aio.sleep(Duration.ofSeconds(1)).then(Mono.error(boom)));
                    return body.mono();
                }))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(TaskGroupException.class);
                    assertThat(((TaskGroupException) e).exceptions()).containsExactly(boom);
                })
                .verify(Duration.ofSeconds(5));
        sibling.assertWasCancelled();
        body.assertWasCancelled();
    }

    @Test
    void listsEveryFailureInCompletionOrder() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalArgumentException second = new IllegalArgumentException("second");
        StepVerifier.create(TaskGroup.run(tg -> {
                    tg.createTask(Mono.<Void>error(first));
                    throw second; // the body fails after its task did, before the group could cancel it
                }))
                .expectErrorSatisfies(
                        e -> assertThat(((TaskGroupException) e).exceptions()).containsExactly(first, second))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void failuresThatRaceBeforeCancellationAreAllCollected() {
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    tg.createTask(Aio.sleep(Duration.ofSeconds(1)).then(Mono.error(new IllegalStateException("a"))));
                    tg.createTask(Aio.sleep(Duration.ofSeconds(1)).then(Mono.error(new IllegalStateException("b"))));
                    return Mono.empty();
                }))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> assertThat(((TaskGroupException) e).exceptions())
                        .extracting(Throwable::getMessage)
                        .containsAnyOf("a", "b"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void theExceptionMessageSaysHowManyFailed() {
        TaskGroupException e =
                new TaskGroupException(List.of(new IllegalStateException("x"), new RuntimeException("y")));
        assertThat(e).hasMessageStartingWith("unhandled errors in a TaskGroup (2 sub-exceptions)");
        assertThat(e.getSuppressed()).hasSize(2);
        assertThatThrownBy(() -> e.exceptions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new TaskGroupException(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaskCancelledOnItsOwnIsNotAFailure() {
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    Task<Object> t = tg.createTask(Mono.never());
                    tg.createTask(Aio.sleep(Duration.ofSeconds(1)));
                    t.cancel();
                    return Mono.just("ok");
                }))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("ok")
                .verifyComplete();
    }

    @Test
    void createTaskAfterTheGroupFinishedIsRejected() {
        AtomicReference<TaskGroup> group = new AtomicReference<>();
        Aio.run(TaskGroup.run(tg -> {
            group.set(tg);
            return Mono.empty();
        }));
        assertThatThrownBy(() -> group.get().createTask(Mono.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("TaskGroup is finished");
    }

    @Test
    void createTaskWhileShuttingDownIsRejected() {
        AtomicReference<Throwable> rejected = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    tg.createTask(Mono.error(new IllegalStateException("boom")));
                    try {
                        tg.createTask(Mono.empty());
                    } catch (IllegalStateException e) {
                        rejected.set(e);
                    }
                    return Mono.empty();
                }))
                .expectError(TaskGroupException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(rejected.get()).hasMessageStartingWith("TaskGroup is shutting down");
    }

    @Test
    void cancellingTheRunCancelsTheBodyAndEveryTask() {
        PublisherProbe<Void> task = PublisherProbe.of(Mono.never());
        PublisherProbe<Void> body = PublisherProbe.of(Mono.never());
        TaskGroup.run(tg -> {
                    tg.createTask(task.mono());
                    return body.mono();
                })
                .subscribe()
                .dispose();
        task.assertWasCancelled();
        body.assertWasCancelled();
    }

    @Test
    void aFailureDuringTheBodyFunctionCancelsTheBodyBeforeItStarts() {
        PublisherProbe<String> body = PublisherProbe.of(Mono.just("late"));
        StepVerifier.create(TaskGroup.run(tg -> {
                    tg.createTask(Mono.error(new IllegalStateException("sync failure")));
                    return body.mono();
                }))
                .expectError(TaskGroupException.class)
                .verify(Duration.ofSeconds(5));
        body.assertWasNotSubscribed();
    }

    @Test
    void tasksSeeTheSubscribersContext() {
        StepVerifier.create(TaskGroup.run(tg -> tg.createTask(
                                        Mono.deferContextual(ctx -> Mono.just(ctx.<String>get("k"))))
                                .await())
                        .contextWrite(Context.of("k", "v")))
                .expectNext("v")
                .verifyComplete();
    }

    @Test
    void aBodyThatThrowsIsAFailureOfTheGroup() {
        StepVerifier.create(TaskGroup.run(tg -> {
                    throw new IllegalStateException("body threw");
                }))
                .expectErrorSatisfies(e -> assertThat(((TaskGroupException) e).exceptions())
                        .extracting(Throwable::getMessage)
                        .containsExactly("body threw"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void childFailuresAreNotReportedAsNeverRetrieved() {
        try (LogCapture log = LogCapture.of("dev.reactio.Task")) {
            assertThatThrownBy(() -> Aio.run(TaskGroup.run(tg -> {
                        tg.createTask(Mono.error(new IllegalStateException("reported by the group")), "group-child");
                        return Mono.empty();
                    })))
                    .isInstanceOf(TaskGroupException.class);
            assertThat(log.messages()).noneMatch(m -> m.contains("group-child"));
        }
    }

    @Test
    void aBodyAwaitingACancelledTaskEndsCancelledAfterTheOtherTasks() {
        AtomicReference<String> sibling = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> TaskGroup.run(tg -> {
                    Task<String> t = tg.createTask(Mono.never());
                    tg.createTask(
                            Aio.sleep(Duration.ofSeconds(1), "sibling ran").doOnNext(sibling::set));
                    t.cancel();
                    return t.await();
                }))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1)) // not a failure: the sibling is not cancelled
                .expectError(java.util.concurrent.CancellationException.class)
                .verify(Duration.ofSeconds(5));
        assertThat(sibling).hasValue("sibling ran");
    }

    @Test
    void isCold() {
        boolean[] called = {false};
        TaskGroup.run(tg -> {
            called[0] = true;
            return Mono.empty();
        });
        assertThat(called[0]).isFalse();
    }
}
