package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.sync.AsyncBarrier;
import dev.reactio.sync.AsyncCondition;
import dev.reactio.sync.AsyncEvent;
import dev.reactio.sync.AsyncLock;
import dev.reactio.sync.AsyncQueue;
import dev.reactio.sync.AsyncSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Every Reactio publisher goes through Reactor's assembly hooks, as reactor-core's operators do. */
class AssemblyHooksTest {

    private static final String KEY = "AssemblyHooksTest";

    private final List<Publisher<?>> seen = new ArrayList<>();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnEachOperator(KEY);
        Hooks.resetOnOperatorDebug();
    }

    private void record() {
        Hooks.onEachOperator(KEY, p -> {
            synchronized (seen) {
                seen.add(p);
            }
            return p;
        });
    }

    /** The publisher the entry returns is the one the hook was given, during that very call. */
    private void assertSeen(String entry, Supplier<? extends Publisher<?>> call) {
        int before;
        synchronized (seen) {
            before = seen.size();
        }
        Publisher<?> p = call.get();
        synchronized (seen) {
            assertThat(seen.subList(before, seen.size())).as(entry).anyMatch(s -> s == p);
        }
    }

    @Test
    void onEachOperatorSeesEveryPublicEntry() {
        record();
        assertSeen("Aio.sleep", () -> Aio.sleep(Duration.ofMillis(1)));
        assertSeen("Aio.sleep(result)", () -> Aio.sleep(Duration.ofMillis(1), 1));
        assertSeen("Aio.gather", () -> Aio.gather(Mono.just(1), Mono.just(2)));
        assertSeen("Aio.gather(List)", () -> Aio.gather(List.of(Mono.just(1))));
        assertSeen("Aio.gatherSettled", () -> Aio.gatherSettled(Mono.just(1)));
        assertSeen("Aio.generator", () -> Aio.<Integer>generator(e -> e.emit(1)));
        assertSeen("Aio.waitFor", () -> Aio.waitFor(Mono.just(1), Duration.ofSeconds(1)));
        assertSeen("Aio.waitFor(0)", () -> Aio.waitFor(Mono.just(1), Duration.ZERO));
        assertSeen("Aio.asCompleted(timeout)", () -> Aio.asCompleted(List.of(Mono.just(1)), Duration.ofSeconds(1)));
        Task<Integer> task = Aio.createTask(Mono.just(1));
        assertSeen("Task.await", task::await);
        assertSeen("Aio.shield", () -> Aio.shield(Mono.just(1)));

        AsyncLock lock = new AsyncLock();
        assertSeen("AsyncLock.acquire", lock::acquire);
        assertSeen("AsyncLock.acquire again", lock::acquire);
        assertSeen("AsyncLock.withLock", () -> lock.withLock(Mono.just(1)));
        assertSeen("AsyncLock.withLock(Flux)", () -> lock.withLock(Flux.just(1, 2)));
        AsyncSemaphore semaphore = new AsyncSemaphore(1);
        assertSeen("AsyncSemaphore.acquire", semaphore::acquire);
        assertSeen("AsyncSemaphore.withPermit", () -> semaphore.withPermit(Mono.just(1)));
        assertSeen("AsyncSemaphore.withPermit(Flux)", () -> semaphore.withPermit(Flux.just(1, 2)));
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        assertSeen("AsyncQueue.put", () -> queue.put(1));
        assertSeen("AsyncQueue.get", queue::get);
        assertSeen("AsyncQueue.get again", queue::get);
        assertSeen("AsyncQueue.join", queue::join);
        assertSeen("AsyncQueue.consume", queue::consume);
        AsyncEvent event = new AsyncEvent();
        assertSeen("AsyncEvent.await", event::await);
        assertSeen("AsyncEvent.await again", event::await);
        AsyncCondition condition = new AsyncCondition(new AsyncLock());
        assertSeen("AsyncCondition.await", condition::await);
        assertSeen("AsyncCondition.withLock", () -> condition.withLock(Mono.just(1)));
        assertSeen("AsyncCondition.withLock(Flux)", () -> condition.withLock(Flux.just(1, 2)));
        assertSeen("AsyncCondition.acquire", condition::acquire);
        AsyncBarrier barrier = new AsyncBarrier(1);
        assertSeen("AsyncBarrier.await", barrier::await);
    }

    @Test
    void hookedPublishersStillWork() {
        record();
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        AsyncLock lock = new AsyncLock();
        StepVerifier.create(queue.put(1)
                        .then(lock.withLock(queue.get()))
                        .zipWith(Aio.gather(
                                Aio.sleep(Duration.ofMillis(1), 2), Aio.waitFor(Mono.just(3), Duration.ofSeconds(5)))))
                .assertNext(t -> {
                    assertThat(t.getT1()).isEqualTo(1);
                    assertThat(t.getT2()).containsExactly(2, 3);
                })
                .verifyComplete();
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void operatorDebugTracesTheReactioCallSite() {
        Hooks.onOperatorDebug();
        Mono<Object> timesOut = Aio.waitFor(Mono.never(), Duration.ofMillis(10));
        StepVerifier.create(timesOut)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(TimeoutException.class);
                    assertThat(e.getSuppressed()).isNotEmpty();
                    String trace = e.getSuppressed()[0].getMessage();
                    assertThat(trace).contains("dev.reactio.Aio.waitFor(").doesNotContain("internal.Assembly");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void checkpointNamesTheReactioPublisher() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        queue.shutdown(false);
        StepVerifier.create(queue.get().checkpoint("after get"))
                .expectErrorSatisfies(e -> assertThat(e.getSuppressed())
                        .isNotEmpty()
                        .anySatisfy(s -> assertThat(s.getMessage()).contains("after get")))
                .verify(Duration.ofSeconds(10));
    }
}
