package dev.reactio.benchmarks.sync;

import dev.reactio.Aio;
import dev.reactio.sync.AsyncEvent;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Time from {@code AsyncEvent.set()} until all 10 000 waiters have resumed, against a
 * {@code CountDownLatch} with 10 000 blocked threads, kotlinx's {@code CompletableDeferred} and a
 * {@code CompletableFuture}, in the same run. Python's counterpart:
 * {@code benchmarks/python/sync_bench.py event}.
 *
 * <h2>Workload</h2>
 * Before each invocation (JMH {@code Level.Invocation} set-up, not measured) 10 000 waiters start
 * waiting. The measured invocation sets the event and returns once every waiter has run its
 * continuation, which increments a counter (checked). Score: milliseconds per release.
 * <ul>
 * <li>{@code impl=reactio}: a new {@code AsyncEvent}; each waiter is a subscriber of
 *     {@code event.await()} whose {@code onComplete} is the continuation. {@code set()} delivers
 *     to every waiter before it returns, on the calling thread.</li>
 * <li>{@code impl=reactio-task}: the same, but each waiter is a task, as in asyncio:
 *     {@code Aio.createTask(event.await().doOnSuccess(v -> resumed++))}; "resumed" means the task's
 *     coroutine ran its continuation (the task then completes, also inside {@code set()}).</li>
 * <li>{@code impl=juc}: 10 000 platform threads (started once per trial, 128 KiB stacks) each
 *     <b>blocked</b> in {@code CountDownLatch.await()}; the set-up waits until every thread is
 *     parked. Measured: {@code gate.countDown()} until all 10 000 threads have woken and counted
 *     down a second latch the benchmark thread waits on.</li>
 * <li>{@code impl=kotlinx}: 10 000 coroutines {@code launch { deferred.await(); resumed++ }} on
 *     {@link EventLoop} (one thread; kotlinx dispatches each resumption to it, as asyncio does);
 *     measured: {@code deferred.complete(Unit)} and draining the loop.</li>
 * <li>{@code impl=cf}: a {@code CompletableFuture<Void>} with 10 000 {@code thenRun} actions
 *     (non-blocking JDK reference; runs them on the completing thread, newest first).</li>
 * </ul>
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EventBenchmark -f 1 -wi 2 -w 1s -i 8 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 1)
public class EventBenchmark {

    static final int WAITERS = 10_000;

    /** Which event (see class Javadoc). */
    @Param({"reactio", "reactio-task", "juc", "kotlinx", "cf"})
    public String impl = "reactio";

    private int resumed;

    private AsyncEvent event = new AsyncEvent();
    private @Nullable EventLoop loop;
    private @Nullable KotlinxEvent kotlinx;
    private @Nullable LatchCrowd crowd;
    private CompletableFuture<@Nullable Void> future = new CompletableFuture<>();

    /** Starts what lives for the whole trial (threads, loop). */
    @Setup(Level.Trial)
    public void setUpTrial() {
        switch (impl) {
            case "reactio", "reactio-task", "cf" -> {}
            case "juc" -> crowd = new LatchCrowd(WAITERS);
            case "kotlinx" -> {
                EventLoop l = new EventLoop();
                loop = l;
                kotlinx = new KotlinxEvent(l);
            }
            default ->
                throw new IllegalArgumentException(
                        "impl must be reactio, reactio-task, juc, kotlinx or cf, but was " + impl);
        }
    }

    /** Stops the threads. */
    @TearDown(Level.Trial)
    public void tearDownTrial() {
        if (crowd != null) {
            crowd.close();
        }
        if (kotlinx != null) {
            kotlinx.close();
        }
    }

    /** Starts {@value #WAITERS} waiters (not measured). */
    @Setup(Level.Invocation)
    public void prepare() {
        resumed = 0;
        switch (impl) {
            case "reactio" -> {
                event = new AsyncEvent();
                for (int i = 0; i < WAITERS; i++) {
                    event.await().subscribe(new Continuation());
                }
            }
            case "reactio-task" -> {
                event = new AsyncEvent();
                Mono<Void> waiter = event.await().doOnSuccess(ignored -> resume());
                for (int i = 0; i < WAITERS; i++) {
                    Aio.createTask(waiter);
                }
            }
            case "juc" -> Objects.requireNonNull(crowd).prepare();
            case "kotlinx" -> {
                Objects.requireNonNull(kotlinx).prepare(WAITERS);
                Objects.requireNonNull(loop).drain(); // each waiter runs until it suspends in await()
            }
            default -> {
                future = new CompletableFuture<>();
                for (int i = 0; i < WAITERS; i++) {
                    future.thenRun(this::resume);
                }
            }
        }
        if (resumed != 0) {
            throw new IllegalStateException(impl + ": a waiter resumed before the release");
        }
    }

    private void resume() {
        resumed++;
    }

    /**
     * Releases every waiter and returns when all have resumed.
     *
     * @return how many resumed (JMH consumes it)
     */
    @Benchmark
    public int release() {
        int count;
        switch (impl) {
            case "reactio", "reactio-task" -> {
                event.set();
                count = resumed;
            }
            case "juc" -> count = Objects.requireNonNull(crowd).release();
            case "kotlinx" -> {
                KotlinxEvent k = Objects.requireNonNull(kotlinx);
                k.set();
                Objects.requireNonNull(loop).drain();
                count = k.getResumed();
            }
            default -> {
                future.complete(null);
                count = resumed;
            }
        }
        SyncWorkloads.check(impl + " resumed", WAITERS, count);
        return count;
    }

    /** One Reactio waiter's continuation. */
    final class Continuation implements CoreSubscriber<Void> {
        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void v) {}

        @Override
        public void onError(Throwable t) {
            throw new IllegalStateException(t);
        }

        @Override
        public void onComplete() {
            resume();
        }
    }

    /**
     * {@code n} platform threads that wait on one {@code CountDownLatch} per round. Each round has
     * its own latches, and the next round is linked before the gate opens, so a thread moves on
     * without any other coordination.
     */
    static final class LatchCrowd implements AutoCloseable {

        private static final long STACK_SIZE = 128 * 1024;

        static final class Round {
            final CountDownLatch ready;
            final CountDownLatch gate = new CountDownLatch(1);
            final CountDownLatch resumed;

            @Nullable
            Round next; // written before gate opens, read after: ordered by the latch

            Round(int n) {
                ready = new CountDownLatch(n);
                resumed = new CountDownLatch(n);
            }
        }

        private final int n;
        private final Thread[] threads;
        private volatile boolean stop;
        private Round round;

        LatchCrowd(int n) {
            this.n = n;
            this.round = new Round(n);
            Round first = round;
            threads = new Thread[n];
            for (int i = 0; i < n; i++) {
                threads[i] = new Thread(null, () -> waitLoop(first), "latch-waiter-" + i, STACK_SIZE);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void waitLoop(Round first) {
            Round r = first;
            try {
                for (; ; ) {
                    r.ready.countDown();
                    r.gate.await();
                    r.resumed.countDown();
                    if (stop) {
                        return;
                    }
                    r = Objects.requireNonNull(r.next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Links the next round and waits until every thread is parked on this round's gate. */
        void prepare() {
            Round r = round;
            r.next = new Round(n);
            try {
                r.ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            for (Thread t : threads) {
                while (t.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
            }
        }

        /**
         * Opens the gate and waits until every thread has resumed.
         *
         * @return how many resumed
         */
        int release() {
            Round r = round;
            r.gate.countDown();
            try {
                r.resumed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            round = Objects.requireNonNull(r.next);
            return (int) (n - r.resumed.getCount());
        }

        @Override
        public void close() {
            stop = true;
            Round r = round;
            r.next = new Round(n);
            r.gate.countDown();
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
