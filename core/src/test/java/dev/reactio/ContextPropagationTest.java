package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.sync.AsyncLock;
import dev.reactio.sync.AsyncQueue;
import dev.reactio.sync.AsyncSemaphore;
import io.micrometer.context.ContextRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import org.slf4j.MDC;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Reactor's automatic context propagation (Micrometer context-propagation) carries a registered
 * {@link ThreadLocal} into every kind of task, across a hop to another thread: Reactio's take on
 * asyncio's contextvars. Each test reads the ThreadLocal on a thread other than the one that set
 * it ({@link #FOREIGN}, standing in for a Netty event loop, or a Reactor scheduler).
 * <p>Global state (the hook, the accessor) is set per test and removed after it, so the other
 * test classes of this JVM run without it.
 */
@Timeout(10)
class ContextPropagationTest {

    /** The ThreadLocal an MDC or a tracer would keep; registered under {@link #KEY}. */
    static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

    static final String KEY = "reactio.test.requestId";

    /** A thread Reactor knows nothing about; its tasks never carry ThreadLocals themselves. */
    static ExecutorService foreign;

    @BeforeAll
    static void startForeignThread() {
        foreign = Executors.newSingleThreadExecutor(r -> new Thread(r, "foreign"));
    }

    @AfterAll
    static void stopForeignThread() {
        foreign.shutdownNow();
    }

    @BeforeEach
    void enable() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, REQUEST_ID);
        Hooks.enableAutomaticContextPropagation();
        REQUEST_ID.set("request-1");
    }

    @AfterEach
    void disable() throws Exception {
        // Waits for the foreign thread to finish this test's work before the accessor goes: a
        // scope closed after the accessor was removed could not reset its value. And checks
        // that no path left a value behind on a thread it borrowed.
        assertThat(foreign.submit(REQUEST_ID::get).get(5, TimeUnit.SECONDS))
                .as("a value left behind on the foreign thread")
                .isNull();
        REQUEST_ID.remove();
        Hooks.disableAutomaticContextPropagation();
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
    }

    /** Hops to {@link #FOREIGN}, then reads the ThreadLocal there. */
    static Mono<String> requestIdOnForeignThread() {
        return Mono.<String>create(sink -> foreign.execute(() -> sink.success("hop")))
                .map(hop -> onForeignThread(REQUEST_ID.get()));
    }

    static String onForeignThread(String value) {
        assertThat(Thread.currentThread().getName())
                .as("the read happens after a hop")
                .isEqualTo("foreign");
        return String.valueOf(value);
    }

    static <T> T get(Task<T> task) throws Exception {
        return task.toFuture().get(5, TimeUnit.SECONDS);
    }

    @Nested
    class Run {

        @Test
        void runCarriesTheCallersThreadLocalsAsBlockDoes() {
            assertThat(requestIdOnForeignThread().block()).isEqualTo("request-1");
            assertThat(Aio.run(requestIdOnForeignThread())).isEqualTo("request-1");
        }

        @Test
        void runCarriesThemAcrossSubscribeOn() {
            Mono<String> read = Mono.fromCallable(REQUEST_ID::get).subscribeOn(Schedulers.boundedElastic());
            assertThat(Aio.run(read)).isEqualTo("request-1");
        }

        @Test
        void runCarriesThemAcrossPublishOn() {
            Mono<String> read =
                    Mono.just("hop").publishOn(Schedulers.parallel()).map(hop -> REQUEST_ID.get());
            assertThat(Aio.run(read)).isEqualTo("request-1");
        }

        @Test
        void runCarriesThemAcrossASleep() {
            assertThat(Aio.run(Aio.sleep(Duration.ofMillis(1)).then(Mono.fromCallable(REQUEST_ID::get))))
                    .isEqualTo("request-1");
        }

        @Test
        void runLeavesTheCallersThreadLocalsAsTheyWere() {
            Aio.run(requestIdOnForeignThread());
            assertThat(REQUEST_ID.get()).isEqualTo("request-1");
        }
    }

    @Nested
    class CreateTask {

        @Test
        void aTaskSeesTheThreadLocalsOfItsCreatorAfterAHop() throws Exception {
            Task<String> task = Aio.createTask(requestIdOnForeignThread());
            assertThat(get(task)).isEqualTo("request-1");
        }

        @Test
        void aTaskSeesThemAfterASleep() throws Exception {
            Task<String> task = Aio.createTask(Aio.sleep(Duration.ofMillis(1)).then(requestIdOnForeignThread()));
            assertThat(get(task)).isEqualTo("request-1");
        }

        @Test
        void aTaskCopiesThemAtCreationAndDoesNotSeeLaterChanges() throws Exception {
            CompletableFuture<String> gate = new CompletableFuture<>();
            Task<String> task = Aio.createTask(Mono.fromFuture(gate).flatMap(hop -> requestIdOnForeignThread()));
            REQUEST_ID.set("request-2");
            gate.complete("go");
            assertThat(get(task)).isEqualTo("request-1");
        }

        @Test
        void aTaskCreatedOnOneThreadAndAwaitedOnAnotherKeepsItsOwn() throws Exception {
            Task<String> task = CompletableFuture.supplyAsync(
                            () -> {
                                REQUEST_ID.set("creator");
                                try {
                                    return Aio.createTask(
                                            Aio.sleep(Duration.ofMillis(1)).then(requestIdOnForeignThread()));
                                } finally {
                                    REQUEST_ID.remove();
                                }
                            },
                            Executors.newSingleThreadExecutor(r -> new Thread(r, "creator")))
                    .get(5, TimeUnit.SECONDS);

            String seen = Aio.run(task.await().map(inTask -> inTask + " then " + REQUEST_ID.get()));

            assertThat(seen).isEqualTo("creator then request-1");
        }

        @Test
        void anAwaiterSeesItsOwnThreadLocalsWhenTheTaskEndsOnAnotherThread() throws Exception {
            CompletableFuture<String> gate = new CompletableFuture<>();
            Task<String> task = Aio.createTask(Mono.fromFuture(gate));
            REQUEST_ID.set("awaiter");
            Task<String> awaiter = Aio.createTask(task.await().map(v -> v + " " + REQUEST_ID.get()));
            REQUEST_ID.remove();
            foreign.execute(
                    () -> gate.complete("done on " + Thread.currentThread().getName() + " for"));

            assertThat(get(awaiter)).isEqualTo("done on foreign for awaiter");
        }

        @Test
        void withPropagationOffATaskStartsWithAnEmptyContextAsBefore() throws Exception {
            Hooks.disableAutomaticContextPropagation();
            Task<Boolean> task = Aio.createTask(Mono.deferContextual(ctx -> Mono.just(ctx.hasKey(KEY))));
            assertThat(get(task)).isFalse();
        }

        @Test
        void withPropagationOnATaskCarriesThemInItsContext() throws Exception {
            Task<String> task = Aio.createTask(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(KEY))));
            assertThat(get(task)).isEqualTo("request-1");
        }

        @Test
        void spawnGivesTheTaskTheSubscribersThreadLocals() {
            String seen = Aio.run(Aio.spawn(requestIdOnForeignThread()).flatMap(Task::await));
            assertThat(seen).isEqualTo("request-1");
        }

        @Test
        void aTaskGroupsTasksSeeThem() {
            List<String> seen = Aio.run(TaskGroup.run(tg -> {
                Task<String> a = tg.createTask(requestIdOnForeignThread());
                Task<String> b = tg.createTask(Aio.sleep(Duration.ofMillis(1)).then(requestIdOnForeignThread()));
                return Aio.gather(a.await(), b.await());
            }));
            assertThat(seen).containsExactly("request-1", "request-1");
        }

        @Test
        void aTaskGroupTaskCreatedFromAThreadWithoutThemSeesTheGroupsOwn() {
            // createTask from a callback on a thread that carries nothing: the task's synchronous
            // part still runs with the group's values, not with that thread's (none).
            String seen = Aio.run(TaskGroup.run(tg -> Mono.<Task<String>>create(sink -> foreign.execute(() ->
                            sink.success(tg.createTask(Mono.fromCallable(() -> onForeignThread(REQUEST_ID.get())))))))
                    .flatMap(Task::await));
            assertThat(seen).isEqualTo("request-1");
        }

        @Test
        void aTaskGroupTaskCopiesTheThreadLocalsOfItsCreator() {
            String seen = Aio.run(TaskGroup.run(tg -> Mono.defer(() -> {
                REQUEST_ID.set("inner");
                try {
                    return tg.createTask(requestIdOnForeignThread()).await();
                } finally {
                    REQUEST_ID.set("request-1");
                }
            })));
            assertThat(seen).isEqualTo("inner");
        }
    }

    @Nested
    class Logging {

        @Test
        void theNeverRetrievedWarningCarriesTheFailedTasksMdc() {
            ContextRegistry.getInstance()
                    .registerThreadLocalAccessor(
                            "reactio.test.mdc",
                            () -> MDC.get("requestId"),
                            v -> MDC.put("requestId", v),
                            () -> MDC.remove("requestId"));
            try (LogCapture log = LogCapture.of("dev.reactio.Task")) {
                MDC.put("requestId", "the run's");
                Aio.run(Mono.defer(() -> {
                    MDC.put("requestId", "the task's");
                    Task<Object> orphan = Aio.createTask(
                            requestIdOnForeignThread().then(Mono.error(new IllegalStateException("lost"))), "orphan");
                    MDC.put("requestId", "the run's");
                    // Waits without retrieving, then queues behind the failing task's thread: the
                    // warning is registered when the run returns, and logged then.
                    return Aio.wait(List.of(orphan), ReturnWhen.ALL_COMPLETED).then(requestIdOnForeignThread());
                }));
                // Logged as the run returns, on this thread, whose MDC is the run's.
                assertThat(log.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "the task's"));
            } finally {
                MDC.remove("requestId");
                ContextRegistry.getInstance().removeThreadLocalAccessor("reactio.test.mdc");
            }
        }
    }

    @Nested
    class Threads {

        @Test
        void toThreadSeesThem() {
            assertThat(Aio.run(Aio.toThread(REQUEST_ID::get))).isEqualTo("request-1");
        }

        @Test
        void runInExecutorSeesThemOnAPlainExecutor() {
            assertThat(Aio.run(Aio.runInExecutor(foreign, () -> onForeignThread(REQUEST_ID.get()))))
                    .isEqualTo("request-1");
        }

        @Test
        void runInExecutorDoesNotLeaveThemOnTheExecutorsThread() throws Exception {
            Aio.run(Aio.runInExecutor(foreign, REQUEST_ID::get));
            assertThat(foreign.submit(REQUEST_ID::get).get(5, TimeUnit.SECONDS)).isNull();
        }

        @Test
        void aTaskRunningToThreadSeesItsCreatorsThreadLocals() throws Exception {
            Task<String> task = Aio.createTask(Aio.runInExecutor(foreign, REQUEST_ID::get));
            REQUEST_ID.set("request-2");
            assertThat(get(task)).isEqualTo("request-1");
        }
    }

    @Nested
    class Generators {

        @Test
        void aGeneratorBodySeesThemAfterAHop() {
            Flux<String> gen = Aio.generator(emitter -> requestIdOnForeignThread()
                    .flatMap(emitter::emit)
                    .then(requestIdOnForeignThread())
                    .flatMap(emitter::emit));
            assertThat(Aio.run(gen.collectList())).containsExactly("request-1", "request-1");
        }

        @Test
        void aGeneratorStartedByARequestFromAnotherThreadSeesTheConsumersThreadLocals() throws Exception {
            // A Reactor-aware consumer (a CoreSubscriber, as reactor-netty's) subscribes directly
            // and requests from its own thread: Reactor wraps nothing on that path.
            Flux<String> gen =
                    Aio.generator(emitter -> Mono.fromCallable(REQUEST_ID::get).flatMap(emitter::emit));
            CompletableFuture<String> first = new CompletableFuture<>();
            gen.subscribe(new CoreSubscriber<String>() {
                @Override
                public Context currentContext() {
                    return Context.of(KEY, "consumer");
                }

                @Override
                public void onSubscribe(Subscription s) {
                    foreign.execute(() -> s.request(1));
                }

                @Override
                public void onNext(String value) {
                    first.complete(value);
                }

                @Override
                public void onError(Throwable error) {
                    first.completeExceptionally(error);
                }

                @Override
                public void onComplete() {
                    first.complete("(completed without a value)");
                }
            });
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("consumer");
        }

        @Test
        void aGeneratorResumedFromAnotherThreadSeesTheConsumersThreadLocals() {
            Flux<String> gen = Aio.generator(emitter -> emitter.emit("first")
                    .then(Mono.fromCallable(REQUEST_ID::get))
                    .flatMap(emitter::emit));
            // Each next value is requested from the foreign thread: the body resumes there.
            Flux<String> consumed =
                    gen.concatMap(v -> requestIdOnForeignThread().thenReturn(v), 1);
            assertThat(Aio.run(consumed.collectList())).containsExactly("first", "request-1");
        }
    }

    @Nested
    class Waiters {

        @Test
        void aQueueConsumerWokenByAPutOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncQueue<String> queue = new AsyncQueue<>();
            Task<String> consumer = Aio.createTask(queue.consume().next().map(v -> v + " " + REQUEST_ID.get()));
            foreign.execute(() -> {
                REQUEST_ID.set("putter");
                queue.putNowait("item for");
                REQUEST_ID.remove();
            });
            assertThat(get(consumer)).isEqualTo("item for request-1");
        }

        @Test
        void aLockWaiterWokenByAReleaseOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncLock lock = new AsyncLock();
            Aio.run(lock.acquire());
            Task<String> waiter = Aio.createTask(lock.acquire().then(Mono.fromCallable(REQUEST_ID::get)));
            foreign.execute(lock::release);
            assertThat(get(waiter)).isEqualTo("request-1");
        }

        @Test
        void aWithLockBodyStartedByAReleaseOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncLock lock = new AsyncLock();
            Aio.run(lock.acquire());
            Task<String> waiter = Aio.createTask(lock.withLock(Mono.fromCallable(REQUEST_ID::get)));
            foreign.execute(() -> {
                REQUEST_ID.set("releaser");
                lock.release();
                REQUEST_ID.remove();
            });
            assertThat(get(waiter)).isEqualTo("request-1");
        }

        @Test
        void aWithPermitBodyStartedByAReleaseOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncSemaphore semaphore = new AsyncSemaphore(1);
            Aio.run(semaphore.acquire());
            Task<String> waiter = Aio.createTask(semaphore.withPermit(Mono.fromCallable(REQUEST_ID::get)));
            foreign.execute(() -> {
                REQUEST_ID.set("releaser");
                semaphore.release();
                REQUEST_ID.remove();
            });
            assertThat(get(waiter)).isEqualTo("request-1");
        }

        @Test
        void aQueueGetterWokenByAPutOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncQueue<String> queue = new AsyncQueue<>();
            Task<String> getter = Aio.createTask(queue.get().map(v -> v + " " + REQUEST_ID.get()));
            foreign.execute(() -> {
                REQUEST_ID.set("putter");
                queue.putNowait("item for");
                REQUEST_ID.remove();
            });
            assertThat(get(getter)).isEqualTo("item for request-1");
        }

        @Test
        void aQueuePutterWokenByAGetOnAnotherThreadSeesItsOwn() throws Exception {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            queue.putNowait("first");
            Task<String> putter = Aio.createTask(queue.put("second").then(Mono.fromCallable(REQUEST_ID::get)));
            foreign.execute(() -> {
                REQUEST_ID.set("getter");
                queue.getNowait();
                REQUEST_ID.remove();
            });
            assertThat(get(putter)).isEqualTo("request-1");
        }
    }
}
