package dev.reactio.benchmarks.sync;

import static dev.reactio.benchmarks.sync.SyncWorkloads.OPS;

import dev.reactio.sync.AsyncQueue;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@code AsyncQueue} hand-off throughput, one producer and one consumer, bounded to 3 and
 * unbounded, against {@code ArrayBlockingQueue(3)} / {@code LinkedBlockingQueue} and kotlinx's
 * {@code Channel(3)} / {@code Channel(UNLIMITED)} in the same run. Python's counterpart:
 * {@code benchmarks/python/sync_bench.py queue}.
 *
 * <h2>Workload</h2>
 * The producer puts {@value SyncWorkloads#OPS} items (pre-boxed {@code Integer}s, the same for
 * every implementation) one after the other, each put waiting while the queue is full; the consumer
 * gets as many, one after the other, and sums them (checked). Both start together. Score: items
 * per second.
 * <ul>
 * <li>{@code capacity=3}: {@code new AsyncQueue<>(3)}; the producer waits every third item.</li>
 * <li>{@code capacity=unbounded}: {@code new AsyncQueue<>()}; puts never wait. On one event loop
 *     the producer puts everything before the consumer runs, in Reactio, kotlinx and asyncio
 *     alike.</li>
 * </ul>
 * Implementations:
 * <ul>
 * <li>{@code impl=reactio}: producer {@code Mono.defer(() -> queue.put(items[i++])).repeat(n - 1)},
 *     consumer {@code queue.get().repeat(n - 1).doOnNext(sum)}, joined with {@code Mono.when}, on
 *     {@link EventLoop} (one thread). Reactio hands items and freed room to waiters synchronously,
 *     so on one thread nothing is ever queued on the loop.</li>
 * <li>{@code impl=juc}: {@code ArrayBlockingQueue(3)} / {@code LinkedBlockingQueue} with the
 *     producer and the consumer on two platform threads, which <b>block</b> ({@code put}/{@code take}).
 *     This is the thread hand-off the shared bench notes measured at ~180 k items/s.</li>
 * <li>{@code impl=kotlinx}: {@code runBlocking { launch { for (i in items) channel.send(i) };
 *     launch { repeat(n) { sum += channel.receive() } } }} with {@code Channel(3)} /
 *     {@code Channel(UNLIMITED)}.</li>
 * </ul>
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar QueueBenchmark -f 1 -wi 2 -w 1s -i 8 -r 1s
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
public class QueueBenchmark {

    private static final Integer[] ITEMS = new Integer[OPS];
    private static final long SUM = (long) OPS * (OPS - 1) / 2;

    static {
        for (int i = 0; i < OPS; i++) {
            ITEMS[i] = i; // boxed once, here
        }
    }

    /** Which queue (see class Javadoc). */
    @Param({"reactio", "juc", "kotlinx"})
    public String impl = "reactio";

    /** {@code 3} or {@code unbounded} (see class Javadoc). */
    @Param({"3", "unbounded"})
    public String capacity = "3";

    private int maxsize;
    private int next;
    private long sum;

    private @Nullable EventLoop loop;
    private Mono<Void> reactio = Mono.empty();
    private @Nullable BlockingQueue<Integer> juc;
    private final AtomicLong jucSum = new AtomicLong();
    private ThreadCrew crew = new ThreadCrew(0, "unused");

    /** Builds the workload once and runs it once to check it. */
    @Setup(Level.Trial)
    public void setUp() {
        maxsize = switch (capacity) {
            case "3" -> 3;
            case "unbounded" -> 0;
            default -> throw new IllegalArgumentException("capacity must be 3 or unbounded, but was " + capacity);
        };
        switch (impl) {
            case "reactio" -> {
                loop = new EventLoop();
                AsyncQueue<Integer> queue = new AsyncQueue<>(maxsize);
                Mono<Void> producer = Mono.defer(() -> queue.put(ITEMS[next++]))
                        .repeat(OPS - 1L)
                        .then();
                Mono<Void> consumer =
                        queue.get().repeat(OPS - 1L).doOnNext(this::consume).then();
                reactio = Mono.when(producer, consumer);
            }
            case "juc" -> {
                juc = maxsize > 0 ? new ArrayBlockingQueue<>(maxsize) : new LinkedBlockingQueue<>();
                crew = new ThreadCrew(2, "juc-queue");
            }
            case "kotlinx" -> {}
            default -> throw new IllegalArgumentException("impl must be reactio, juc or kotlinx, but was " + impl);
        }
        run();
    }

    /** Stops the j.u.c threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        crew.close();
    }

    private void consume(Integer item) {
        sum += item;
    }

    /**
     * Moves {@value SyncWorkloads#OPS} items from the producer to the consumer.
     *
     * @return the sum of the items received (JMH consumes it)
     */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long run() {
        long received;
        switch (impl) {
            case "reactio" -> {
                next = 0;
                sum = 0;
                Objects.requireNonNull(loop).run(reactio);
                received = sum;
            }
            case "juc" -> received = jucHandOff();
            default -> received = Kotlinx.channel(maxsize > 0 ? maxsize : Integer.MAX_VALUE, ITEMS);
        }
        SyncWorkloads.check(impl + "/" + capacity + " sum", SUM, received);
        return received;
    }

    private long jucHandOff() {
        BlockingQueue<Integer> queue = Objects.requireNonNull(juc);
        AtomicLong total = jucSum;
        crew.runAll(index -> {
            try {
                if (index == 0) {
                    for (Integer item : ITEMS) {
                        queue.put(item);
                    }
                } else {
                    long s = 0;
                    for (int i = 0; i < OPS; i++) {
                        s += queue.take();
                    }
                    total.set(s);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return total.get();
    }
}
