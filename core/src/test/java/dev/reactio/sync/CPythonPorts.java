package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/**
 * Helpers shared by the CPython ports. asyncio's "a task awaiting a primitive" becomes a
 * {@link Task} subscribed to the primitive's {@code Mono}; asyncio needs {@code sleep(0)} to let
 * it run, Reactor's hand-offs happen during the call that makes them.
 */
final class CPythonPorts {

    /** Hang guard only (no timing claim): the scenarios run synchronously or on virtual time. */
    static final Duration HANG_GUARD = Duration.ofSeconds(5);

    /** Rounds of each two-thread race; a hand-off lost in the race window shows within a few hundred. */
    static final int RACE_ROUNDS = 10_000;

    /** Waiters queued behind one holder by the deep hand-off tests (API.md: 100 000 must not overflow). */
    static final int DEEP = 100_000;

    private CPythonPorts() {}

    /** {@code await m} for an {@code m} that must not have to wait: runs it and returns its result. */
    static <T> T now(Mono<T> m) {
        Task<T> task = Aio.createTask(m);
        assertThat(task.done()).as("finished without waiting").isTrue();
        return task.result();
    }

    /** {@code asyncio.create_task(m)} for an {@code m} that has to wait: starts it and checks it waits. */
    static <T> Task<T> pending(Mono<T> m) {
        Task<T> task = Aio.createTask(m);
        assertThat(task.done()).as("still waiting").isFalse();
        return task;
    }

    /**
     * Runs {@code a} and {@code b} at the same time on two threads; which one starts on which
     * thread alternates with {@code round}, so both orders of the race window get exercised.
     */
    static void race(int round, Runnable a, Runnable b) {
        if (round % 2 == 0) {
            RaceTestUtils.race(a, b);
        } else {
            RaceTestUtils.race(b, a);
        }
    }

    /** A {@code null} item is a bad argument: API.md allows it to throw at call time or to be signalled. */
    static void assertRejectsNull(Supplier<? extends Mono<?>> call) {
        Mono<?> mono;
        try {
            mono = call.get();
        } catch (NullPointerException thrownAtCallTime) {
            return;
        }
        mono.as(StepVerifier::create).expectError(NullPointerException.class).verify(HANG_GUARD);
    }
}
