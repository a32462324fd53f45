package dev.reactio.sync;

import static dev.reactio.sync.CPythonPorts.DEEP;
import static dev.reactio.sync.CPythonPorts.now;
import static dev.reactio.sync.CPythonPorts.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Task;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

// Ports CPython Lib/test/test_asyncio/test_locks.py EventTests: test_wait, test_wait_on_set, test_wait_cancel,
// test_clear, test_clear_with_waiters.
class EventCPythonTest {

    @Nested
    class Await {

        // test_wait (asyncio's [3, 1, 2] comes from t3 starting after set(); here t3 subscribes before it)
        @Test
        void setWakesEveryWaiterInTheOrderTheyStartedWaiting() {
            AsyncEvent ev = new AsyncEvent();
            assertThat(ev.isSet()).isFalse();
            List<Integer> result = new CopyOnWriteArrayList<>();

            Task<Void> t1 = pending(ev.await().doOnSuccess(v -> result.add(1)));
            Task<Void> t2 = pending(ev.await().doOnSuccess(v -> result.add(2)));
            assertThat(result).isEmpty();
            Task<Void> t3 = pending(ev.await().doOnSuccess(v -> result.add(3)));

            ev.set();

            assertThat(result).containsExactly(1, 2, 3);
            assertThat(List.of(t1, t2, t3)).allSatisfy(t -> {
                assertThat(t.done()).isTrue();
                assertThat(t.result()).isNull();
            });
        }

        // test_wait_on_set
        @Test
        void awaitCompletesAtOnceWhenTheEventIsAlreadySet() {
            AsyncEvent ev = new AsyncEvent();
            ev.set();

            now(ev.await());

            assertThat(ev.isSet()).isTrue();
        }

        @Test
        void oneHundredThousandWaitersWakeWithoutOverflowingTheStack() {
            AsyncEvent ev = new AsyncEvent();
            AtomicInteger woke = new AtomicInteger();
            AtomicReference<Throwable> error = new AtomicReference<>();
            for (int i = 0; i < DEEP; i++) {
                ev.await().subscribe(v -> {}, error::set, woke::incrementAndGet);
            }

            ev.set();

            assertThat(error.get()).isNull();
            assertThat(woke).hasValue(DEEP);
        }
    }

    @Nested
    class Cancellation {

        // test_wait_cancel
        @Test
        void aCancelledWaiterEndsCancelledAndIsNotWokenLater() {
            AsyncEvent ev = new AsyncEvent();
            AtomicBoolean woke = new AtomicBoolean();
            Task<Void> wait = pending(ev.await().doOnSuccess(v -> woke.set(true)));

            assertThat(wait.cancel()).isTrue();
            ev.set();

            assertThatThrownBy(wait::result).isInstanceOf(CancellationException.class);
            assertThat(woke).isFalse();
        }

        @Test
        void aDisposedWaiterDoesNotKeepTheOthersFromWaking() {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Disposable first = ev.await().subscribe(v -> {}, e -> {}, () -> result.add(1));
            Task<Void> second = pending(ev.await().doOnSuccess(v -> result.add(2)));

            first.dispose();
            ev.set();

            assertThat(result).containsExactly(2);
            assertThat(second.done()).isTrue();
        }
    }

    @Nested
    class Clear {

        // test_clear
        @Test
        void clearUnsetsTheEvent() {
            AsyncEvent ev = new AsyncEvent();
            assertThat(ev.isSet()).isFalse();

            ev.set();
            assertThat(ev.isSet()).isTrue();

            ev.clear();
            assertThat(ev.isSet()).isFalse();
        }

        // test_clear_with_waiters
        @Test
        void aWaiterWokenBySetStaysWokenWhenTheEventIsClearedRightAfter() {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> result = new CopyOnWriteArrayList<>();
            Task<Boolean> t = pending(ev.await().doOnSuccess(v -> result.add(1)).thenReturn(true));
            assertThat(result).isEmpty();

            ev.set();
            ev.clear();
            assertThat(ev.isSet()).isFalse();
            ev.set();
            ev.set();

            assertThat(result).containsExactly(1);
            assertThat(t.done()).isTrue();
            assertThat(t.result()).isTrue();
        }

        @Test
        void everyWaiterWakesEvenIfAnEarlierOneClearsTheEvent() {
            AsyncEvent ev = new AsyncEvent();
            List<Integer> result = new CopyOnWriteArrayList<>();
            pending(ev.await().doOnSuccess(v -> {
                result.add(1);
                ev.clear();
            }));
            pending(ev.await().doOnSuccess(v -> result.add(2)));
            pending(ev.await().doOnSuccess(v -> result.add(3)));

            ev.set();

            assertThat(result).containsExactly(1, 2, 3);
            assertThat(ev.isSet()).isFalse();
        }

        @Test
        void afterClearANewAwaitWaitsForTheNextSet() {
            AsyncEvent ev = new AsyncEvent();
            ev.set();
            ev.clear();

            Task<Void> wait = pending(ev.await());
            ev.set();

            assertThat(wait.done()).isTrue();
        }
    }
}
