package dev.reactio.benchmarks.sync;

import static dev.reactio.benchmarks.sync.SyncWorkloads.OPS;
import static dev.reactio.benchmarks.sync.SyncWorkloads.WORKERS;

import dev.reactio.sync.AsyncSemaphore;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@code AsyncSemaphore(3).withPermit} throughput with 10 workers, against
 * {@code java.util.concurrent.Semaphore(3)} and kotlinx.coroutines' {@code Semaphore(3)} in the
 * same run. Python's counterpart: {@code benchmarks/python/sync_bench.py semaphore}.
 *
 * <h2>Workload</h2>
 * {@value SyncWorkloads#WORKERS} workers started together, each doing
 * {@value SyncWorkloads#OPS}/{@value SyncWorkloads#WORKERS} operations in a row; one operation
 * takes a permit, increments a counter and returns the permit. Score: operations per second.
 * <ul>
 * <li>{@code shape=pass}: nothing else inside. On one event loop a free permit is taken without
 *     yielding, so with Reactio, kotlinx and asyncio the workers run one after the other (this is
 *     the shape of the asyncio figure, 1.3 M/s).</li>
 * <li>{@code shape=yield}: the operation also yields to the loop while holding the permit, so
 *     three workers hold permits and seven wait: real contention. Python: {@code await
 *     asyncio.sleep(0)} inside {@code async with sem}; kotlinx: {@code yield()}; Reactio: the
 *     body is {@code Mono.fromRunnable(counter++).publishOn(loop.scheduler())}.</li>
 * </ul>
 * Implementations: {@code impl=reactio}, {@code sem.withPermit(body).repeat(k - 1)} per worker on
 * {@link EventLoop} (one thread, the benchmark's); {@code impl=reactor-floor}, the same without
 * the semaphore ({@code body.repeat(k - 1)}: Reactor's own loop, the ceiling for any
 * {@code Mono}-per-operation semaphore); {@code impl=juc}, {@code Semaphore(3)}
 * (non-fair) on 10 platform threads, which <b>block</b> while they wait, with
 * {@code Thread.yield()} inside for {@code yield}, each thread counting in a local variable (three
 * holders at once would race on a shared one); {@code impl=kotlinx},
 * {@code runBlocking { repeat(10) { launch { repeat(k) { semaphore.withPermit { counter++ } } } } }}
 * with {@code yield()} inside for {@code yield}.
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SemaphoreBenchmark -f 1 -wi 2 -w 1s -i 8 -r 1s
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
public class SemaphoreBenchmark {

    private static final int PERMITS = 3;

    /** Which semaphore (see class Javadoc). */
    @Param({"reactio", "reactor-floor", "juc", "kotlinx"})
    public String impl = "reactio";

    /** {@code pass} or {@code yield} inside the permit (see class Javadoc). */
    @Param({"pass", "yield"})
    public String shape = "pass";

    private boolean yieldInside;
    private long counter;

    private @Nullable EventLoop loop;
    private Mono<Void> reactio = Mono.empty();
    private final Semaphore juc = new Semaphore(PERMITS);
    private final AtomicLong jucCount = new AtomicLong();
    private ThreadCrew crew = new ThreadCrew(0, "unused");

    /** Builds the workload once and runs it once to check it. */
    @Setup(Level.Trial)
    public void setUp() {
        yieldInside = switch (shape) {
            case "pass" -> false;
            case "yield" -> true;
            default -> throw new IllegalArgumentException("shape must be pass or yield, but was " + shape);
        };
        switch (impl) {
            case "reactio", "reactor-floor" -> {
                EventLoop loop = new EventLoop();
                this.loop = loop;
                AsyncSemaphore semaphore = new AsyncSemaphore(PERMITS);
                Mono<Void> increment = Mono.fromRunnable(this::increment);
                Mono<Void> body = yieldInside ? increment.publishOn(loop.scheduler()) : increment;
                Function<Mono<Void>, Mono<Void>> guard =
                        impl.equals("reactio") ? semaphore::withPermit : Function.identity();
                reactio = SyncWorkloads.reactioWorkers(WORKERS, OPS / WORKERS, guard, body);
            }
            case "juc" -> crew = new ThreadCrew(WORKERS, "juc-semaphore");
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
     * {@value SyncWorkloads#OPS} operations by {@value SyncWorkloads#WORKERS} workers.
     *
     * @return the count (JMH consumes it)
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
            case "juc" -> count = jucWorkers();
            default -> count = Kotlinx.semaphoreWorkers(PERMITS, WORKERS, OPS / WORKERS, yieldInside);
        }
        SyncWorkloads.check(impl + "/" + shape + " count", OPS, count);
        return count;
    }

    private long jucWorkers() {
        Semaphore semaphore = juc;
        AtomicLong total = jucCount;
        total.set(0);
        int perWorker = OPS / WORKERS;
        boolean yield = yieldInside;
        crew.runAll(index -> {
            long local = 0;
            for (int i = 0; i < perWorker; i++) {
                semaphore.acquireUninterruptibly();
                try {
                    local++;
                    if (yield) {
                        Thread.yield();
                    }
                } finally {
                    semaphore.release();
                }
            }
            total.addAndGet(local);
        });
        return total.get();
    }
}
