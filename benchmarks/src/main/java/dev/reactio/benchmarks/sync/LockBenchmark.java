package dev.reactio.benchmarks.sync;

import static dev.reactio.benchmarks.sync.SyncWorkloads.OPS;
import static dev.reactio.benchmarks.sync.SyncWorkloads.WORKERS;

import dev.reactio.sync.AsyncLock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * {@code AsyncLock.withLock} throughput, uncontended and with 10 workers contending, against
 * {@code java.util.concurrent.locks.ReentrantLock} and kotlinx.coroutines' {@code Mutex} in the
 * same run. Python's counterpart: {@code benchmarks/python/sync_bench.py lock}.
 *
 * <h2>Workload</h2>
 * One operation is one critical section: acquire the lock, increment a shared {@code long}
 * counter, release. Each invocation does {@value SyncWorkloads#OPS} operations and checks the
 * counter; the score is operations per second.
 * <ul>
 * <li>{@code shape=uncontended}: one worker does all of them in a row.</li>
 * <li>{@code shape=contended}: {@value SyncWorkloads#WORKERS} workers started together, each doing
 *     a tenth. Reactio, kotlinx and asyncio run their workers on one thread, and a lock acquired
 *     without waiting never yields there, so the first worker finishes before the second starts:
 *     this measures the lock with ten workers around it, not contention (see
 *     {@code ../shared/bench/README.md}).</li>
 * <li>{@code shape=contended-yield}: the same, but each critical section also yields to the event
 *     loop after the increment, so the other nine queue up on the lock and every release hands it
 *     to a waiter: real contention. Python: {@code await asyncio.sleep(0)} inside
 *     {@code async with lock}; kotlinx: {@code yield()} inside {@code withLock}.</li>
 * </ul>
 * Implementations:
 * <ul>
 * <li>{@code impl=reactio}: {@code lock.withLock(body).repeat(k - 1)} per worker, workers joined
 *     with {@code Mono.when}, all run on {@link EventLoop}, a single-threaded loop on the benchmark
 *     thread (what asyncio and {@code runBlocking} are). {@code body} is
 *     {@code Mono.fromRunnable(counter++)}; for {@code contended-yield} it is
 *     {@code .publishOn(loop.scheduler())}, which queues the increment at the back of the loop, as
 *     {@code asyncio.sleep(0)} queues the task.</li>
 * <li>{@code impl=reactor-floor}: the same workers and body with no lock at all,
 *     {@code body.repeat(k - 1)}: what Reactor's own sequential loop costs, the ceiling for any
 *     {@code Mono}-per-operation lock.</li>
 * <li>{@code impl=juc}: {@code ReentrantLock} (non-fair, the default), {@code lock(); counter++;
 *     unlock()}. Uncontended on the benchmark thread; contended on 10 platform threads on this
 *     2-core machine, which <b>block</b> while they wait; for {@code contended-yield}
 *     {@code Thread.yield()} inside the lock plays the part of the yield.</li>
 * <li>{@code impl=kotlinx}: {@code runBlocking { repeat(workers) { launch { repeat(k) {
 *     mutex.withLock { counter++ } } } } }}, with {@code yield()} inside for
 *     {@code contended-yield} (kotlinx-coroutines-core 1.11.0; see {@code Kotlinx.kt}).</li>
 * </ul>
 * That the uncontended fast path allocates no waiter is checked by {@link FastPathCheck} (its
 * own JVM, so that its waiting locks do not pollute this benchmark's JIT profiles); add
 * {@code -prof gc} here for the steady-state bytes per operation.
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LockBenchmark -f 1 -wi 2 -w 1s -i 8 -r 1s
 * java -jar benchmarks/target/benchmarks.jar LockBenchmark -p shape=uncontended -prof gc -f 1 -wi 2 -w 1s -i 8 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 8, time = 1)
public class LockBenchmark {

    /** Which lock (see class Javadoc). */
    @Param({"reactio", "reactor-floor", "juc", "kotlinx"})
    public String impl = "reactio";

    /** {@code uncontended}, {@code contended} or {@code contended-yield} (see class Javadoc). */
    @Param({"uncontended", "contended", "contended-yield"})
    public String shape = "uncontended";

    private int workers;
    private boolean yieldInside;
    private long counter;

    private @Nullable EventLoop loop;
    private Mono<Void> reactio = Mono.empty();
    private final ReentrantLock juc = new ReentrantLock();
    private ThreadCrew crew = new ThreadCrew(0, "unused");

    /** Builds the workload once and runs it once to check it. */
    @Setup(Level.Trial)
    public void setUp() {
        switch (shape) {
            case "uncontended" -> {
                workers = 1;
                yieldInside = false;
            }
            case "contended" -> {
                workers = WORKERS;
                yieldInside = false;
            }
            case "contended-yield" -> {
                workers = WORKERS;
                yieldInside = true;
            }
            default ->
                throw new IllegalArgumentException(
                        "shape must be uncontended, contended or contended-yield, but was " + shape);
        }
        switch (impl) {
            case "reactio", "reactor-floor" -> {
                EventLoop loop = new EventLoop();
                this.loop = loop;
                AsyncLock lock = new AsyncLock();
                Mono<Void> increment = Mono.fromRunnable(this::increment);
                Mono<Void> body = yieldInside ? increment.publishOn(loop.scheduler()) : increment;
                Function<Mono<Void>, Mono<Void>> guard = impl.equals("reactio") ? lock::withLock : Function.identity();
                reactio = SyncWorkloads.reactioWorkers(workers, OPS / workers, guard, body);
            }
            case "juc" -> {
                if (workers > 1) {
                    crew = new ThreadCrew(workers, "juc-lock");
                }
            }
            case "kotlinx" -> {}
            default ->
                throw new IllegalArgumentException(
                        "impl must be reactio, reactor-floor, juc or kotlinx, but was " + impl);
        }
        run();
    }

    /** Stops the j.u.c threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        crew.close();
    }

    private void increment() {
        counter++;
    }

    /**
     * {@value SyncWorkloads#OPS} critical sections by {@code workers} workers.
     *
     * @return the counter (JMH consumes it)
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long run() {
        counter = 0;
        long count;
        switch (impl) {
            case "reactio", "reactor-floor" -> {
                Objects.requireNonNull(loop).run(reactio);
                count = counter;
            }
            case "juc" -> count = workers == 1 ? jucUncontended() : jucContended();
            default -> count = Kotlinx.mutexWorkers(workers, OPS / workers, yieldInside);
        }
        SyncWorkloads.check(impl + "/" + shape + " counter", OPS, count);
        return count;
    }

    private long jucUncontended() {
        ReentrantLock lock = juc;
        for (int i = 0; i < OPS; i++) {
            lock.lock();
            try {
                counter++;
            } finally {
                lock.unlock();
            }
        }
        return counter;
    }

    private long jucContended() {
        ReentrantLock lock = juc;
        int perWorker = OPS / workers;
        boolean yield = yieldInside;
        crew.runAll(index -> {
            for (int i = 0; i < perWorker; i++) {
                lock.lock();
                try {
                    counter++;
                    if (yield) {
                        Thread.yield();
                    }
                } finally {
                    lock.unlock();
                }
            }
        });
        return counter; // the crew's last phase happens-before this read
    }
}
