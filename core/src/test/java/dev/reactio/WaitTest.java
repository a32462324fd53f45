package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link Aio#wait}: asyncio.wait. */
class WaitTest {

    static Task<String> after(int seconds, String value) {
        return Aio.createTask(Aio.sleep(Duration.ofSeconds(seconds), value));
    }

    @Test
    void allCompletedWaitsForEveryTask() {
        List<Task<String>> tasks = new java.util.ArrayList<>();
        StepVerifier.withVirtualTime(() -> {
                    tasks.addAll(List.of(after(1, "A done"), after(2, "B done"), after(3, "C done")));
                    return Aio.wait(tasks, ReturnWhen.ALL_COMPLETED);
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(3))
                .assertNext(r -> {
                    assertThat(r.done()).containsExactlyElementsOf(tasks);
                    assertThat(r.pending()).isEmpty();
                })
                .verifyComplete();
        assertThat(tasks).extracting(Task::result).containsExactly("A done", "B done", "C done");
    }

    @Test
    void firstCompletedReturnsWithTheFirstDoneTask() {
        StepVerifier.withVirtualTime(
                        () -> Aio.wait(List.of(after(2, "slow"), after(1, "fast")), ReturnWhen.FIRST_COMPLETED))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .assertNext(r -> {
                    assertThat(r.done()).extracting(Task::result).containsExactly("fast");
                    assertThat(r.pending()).extracting(Task::done).containsExactly(false);
                })
                .verifyComplete();
    }

    @Test
    void firstExceptionReturnsAtTheFirstFailure() {
        StepVerifier.withVirtualTime(() -> Aio.wait(
                        List.of(
                                after(5, "slow"),
                                Aio.createTask(Aio.sleep(Duration.ofSeconds(1))
                                        .then(Mono.<String>error(new IllegalStateException("x"))))),
                        ReturnWhen.FIRST_EXCEPTION))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .assertNext(r -> {
                    assertThat(r.done()).hasSize(1);
                    assertThat(r.pending()).hasSize(1);
                    assertThat(r.done().iterator().next().exception()).hasMessage("x");
                })
                .verifyComplete();
    }

    @Test
    void firstExceptionWithoutFailuresWaitsForAll() {
        StepVerifier.withVirtualTime(() -> Aio.wait(List.of(after(1, "a"), after(2, "b")), ReturnWhen.FIRST_EXCEPTION))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .assertNext(r -> assertThat(r.pending()).isEmpty())
                .verifyComplete();
    }

    @Test
    void aCancelledTaskIsNotAnException() {
        StepVerifier.withVirtualTime(() -> {
                    Task<String> cancelled = after(10, "never");
                    Task<String> slow = after(2, "slow");
                    Mono<WaitResult<String>> w = Aio.wait(List.of(cancelled, slow), ReturnWhen.FIRST_EXCEPTION);
                    cancelled.cancel();
                    return w;
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .assertNext(r -> assertThat(r.done()).hasSize(2))
                .verifyComplete();
    }

    @Test
    void theTimeoutReturnsWhatIsDoneWithoutCancellingOrFailing() {
        Task<?>[] slow = new Task<?>[1];
        StepVerifier.withVirtualTime(() -> {
                    Task<String> s = after(10, "slow");
                    slow[0] = s;
                    return Aio.wait(List.of(after(1, "fast"), s), ReturnWhen.ALL_COMPLETED, Duration.ofSeconds(2));
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(2))
                .assertNext(r -> {
                    assertThat(r.done()).extracting(Task::result).containsExactly("fast");
                    assertThat(r.pending()).hasSize(1);
                })
                .verifyComplete();
        assertThat(slow[0].cancelled()).isFalse();
        assertThat(slow[0].done()).isFalse();
    }

    @Test
    void cancellingTheWaitLeavesTheTasksRunning() {
        Task<String> task = Aio.createTask(Mono.never());
        StepVerifier.create(Aio.wait(List.of(task), ReturnWhen.ALL_COMPLETED))
                .expectSubscription()
                .thenCancel()
                .verify(Duration.ofSeconds(2));
        assertThat(task.done()).isFalse();
        task.cancel();
    }

    @Test
    void aFailedTaskDoesNotFailTheWait() {
        Task<String> failed = Aio.createTask(Mono.error(new IllegalStateException("x")));
        StepVerifier.create(Aio.wait(List.of(failed), ReturnWhen.ALL_COMPLETED))
                .assertNext(r -> assertThat(r.done()).containsExactly(failed))
                .verifyComplete();
        assertThat(failed.exception()).hasMessage("x");
    }

    @Test
    void alreadyDoneTasksReturnAtOnce() {
        Task<String> done = Aio.createTask(Mono.just("x"));
        StepVerifier.create(Aio.wait(List.of(done, done), ReturnWhen.FIRST_COMPLETED))
                .assertNext(r -> assertThat(r.done()).containsExactly(done))
                .verifyComplete();
    }

    @Test
    void anEmptyCollectionIsRejected() {
        assertThatThrownBy(() -> Aio.wait(List.<Task<String>>of(), ReturnWhen.ALL_COMPLETED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void theResultSetsAreUnmodifiable() {
        Task<String> done = Aio.createTask(Mono.just("x"));
        WaitResult<String> r = Aio.run(Aio.wait(List.of(done), ReturnWhen.ALL_COMPLETED));
        assertThatThrownBy(() -> r.done().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
