package dev.reactio.benchmarks.tasks;

import dev.reactio.Aio;
import dev.reactio.Task;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Creates one million concurrently sleeping tasks and reports how fast they were created and
 * how much heap each one retains, against plain Reactor timers in the same JVM. Python's
 * counterpart is {@code asyncio_bench.py sleeping} in {@code benchmarks/python/}.
 *
 * <h2>Workload</h2>
 * One round of {@code impl=reactio} runs {@code tasks[i] = Aio.createTask(Aio.sleep(Duration.ofSeconds(10)))}
 * for {@code i < n} on the main thread; one round of {@code impl=reactor} runs
 * {@code handles[i] = Mono.delay(Duration.ofSeconds(10)).subscribe()}. Both arm a timer on
 * {@code Schedulers.parallel()} at once. A round reports:
 * <ul>
 * <li>{@code create_ms}: wall time of the creation loop, and {@code per_s}, creations per second;
 *     {@code gc_ms} is the part of it the JVM reports as GC time (young collections that copy
 *     the tasks created so far, which are all alive), and {@code alloc_per_task} the bytes the
 *     main thread allocated per creation, garbage included;</li>
 * <li>{@code bytes_per_task}: used heap after {@code System.gc()} (four times) with every task
 *     alive in an array allocated before the baseline, minus the same measure before the loop,
 *     divided by {@code n};</li>
 * <li>{@code cancel_ms}: wall time to cancel all of them ({@code Task.cancel()} /
 *     {@code Disposable.dispose()}).</li>
 * </ul>
 * The tasks must still be sleeping when the heap is measured; a round where that took longer
 * than the sleep is marked {@code INVALID}. One unreported warm-up round per implementation
 * comes first (the JIT), then {@code rounds} rounds of each, alternating which goes first;
 * the summary gives the median of each figure and the reactio/reactor ratios.
 * Targets (issue): reactio at most 400 bytes per task and at least 1,000,000 tasks per second.
 *
 * <h2>Command</h2>
 * Run it with a fixed heap, so that heap sizing does not move the figures:
 * <pre>
 * java -Xms4g -Xmx4g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.tasks.MillionSleepingTasks 1000000 5
 * </pre>
 * Arguments: {@code n} (default 1000000) and {@code rounds} (default 5). With the default young
 * generation, one implementation's creation loop may cross a young-collection threshold that
 * the other's just misses, which moves {@code create_ms} by far more than the per-task cost
 * differs; {@code benchmarks/run.sh} therefore also runs it with {@code -Xmn2g}, where no
 * collection falls inside either loop:
 * <pre>
 * java -Xms4g -Xmx4g -Xmn2g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.tasks.MillionSleepingTasks 1000000 5
 * </pre>
 */
public final class MillionSleepingTasks {

    private static final Duration SLEEP = Duration.ofSeconds(10);

    private MillionSleepingTasks() {}

    /** A way to start {@code n} sleepers and to cancel them again. */
    private enum Impl {
        REACTIO {
            @Override
            Object start() {
                return Aio.createTask(Aio.sleep(SLEEP));
            }

            @Override
            void cancel(Object handle) {
                ((Task<?>) handle).cancel();
            }
        },
        REACTOR {
            @Override
            Object start() {
                return Mono.delay(SLEEP).subscribe();
            }

            @Override
            void cancel(Object handle) {
                ((Disposable) handle).dispose();
            }
        };

        abstract Object start();

        abstract void cancel(Object handle);

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Round(
            Impl impl,
            long createNanos,
            long gcMillis,
            double allocPerTask,
            double bytesPerTask,
            long cancelNanos,
            boolean valid) {}

    /**
     * Runs the benchmark and prints one {@code ROUND} line per round, then {@code RESULT} and
     * {@code RATIO} lines.
     *
     * @param args {@code [n [rounds]]}
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(
                Locale.ROOT,
                "# MillionSleepingTasks n=%d rounds=%d sleep=%s java=%s vm=%s maxHeapMiB=%d cpus=%d%n",
                n,
                rounds,
                SLEEP,
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());

        for (Impl impl : Impl.values()) {
            print("WARMUP", 0, n, round(impl, n));
        }
        List<Round> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Impl[] order =
                    r % 2 == 1 ? new Impl[] {Impl.REACTIO, Impl.REACTOR} : new Impl[] {Impl.REACTOR, Impl.REACTIO};
            for (Impl impl : order) {
                Round result = round(impl, n);
                results.add(result);
                print("ROUND", r, n, result);
            }
        }

        double[][] medians = new double[Impl.values().length][];
        for (Impl impl : Impl.values()) {
            List<Round> mine =
                    results.stream().filter(x -> x.impl() == impl && x.valid()).toList();
            if (mine.isEmpty()) {
                System.out.printf("RESULT impl=%s no valid round%n", impl.label());
                continue;
            }
            double createMs =
                    median(mine.stream().mapToDouble(x -> x.createNanos() / 1e6).toArray());
            double gcMs = median(mine.stream().mapToDouble(Round::gcMillis).toArray());
            double alloc = median(mine.stream().mapToDouble(Round::allocPerTask).toArray());
            double bytes = median(mine.stream().mapToDouble(Round::bytesPerTask).toArray());
            double cancelMs =
                    median(mine.stream().mapToDouble(x -> x.cancelNanos() / 1e6).toArray());
            medians[impl.ordinal()] = new double[] {createMs, bytes, cancelMs};
            System.out.printf(
                    Locale.ROOT,
                    "RESULT impl=%s n=%d rounds=%d median_create_ms=%.0f median_per_s=%.0f"
                            + " median_gc_ms=%.0f median_alloc_per_task=%.0f median_bytes_per_task=%.1f median_cancel_ms=%.0f%n",
                    impl.label(),
                    n,
                    mine.size(),
                    createMs,
                    n / (createMs / 1e3),
                    gcMs,
                    alloc,
                    bytes,
                    cancelMs);
        }
        double[] a = medians[Impl.REACTIO.ordinal()];
        double[] b = medians[Impl.REACTOR.ordinal()];
        if (a != null && b != null) {
            System.out.printf(
                    Locale.ROOT,
                    "RATIO reactio/reactor create_time=%.2f bytes_per_task=%.2f cancel_time=%.2f%n",
                    a[0] / b[0],
                    a[1] / b[1],
                    a[2] / b[2]);
        }
    }

    private static Round round(Impl impl, int n) {
        Object[] handles = new Object[n]; // allocated before the baseline: not counted per task
        long before = usedHeapAfterGc();
        long gc0 = gcMillis();
        long a0 = allocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            handles[i] = impl.start();
        }
        long t1 = System.nanoTime();
        long a1 = allocatedBytes();
        long gc1 = gcMillis();
        long after = usedHeapAfterGc();
        boolean valid = System.nanoTime() - t0 < SLEEP.toNanos(); // no timer may have fired yet
        long t2 = System.nanoTime();
        for (Object handle : handles) {
            impl.cancel(handle); // also keeps every handle reachable until after the measure
        }
        long t3 = System.nanoTime();
        Arrays.fill(handles, null);
        return new Round(
                impl, t1 - t0, gc1 - gc0, (double) (a1 - a0) / n, (double) (after - before) / n, t3 - t2, valid);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the heap", e);
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void print(String kind, int round, int n, Round r) {
        System.out.printf(
                Locale.ROOT,
                "%s impl=%s round=%d n=%d create_ms=%.0f gc_ms=%d per_s=%.0f alloc_per_task=%.0f bytes_per_task=%.1f cancel_ms=%.0f%s%n",
                kind,
                r.impl().label(),
                round,
                n,
                r.createNanos() / 1e6,
                r.gcMillis(),
                n / (r.createNanos() / 1e9),
                r.allocPerTask(),
                r.bytesPerTask(),
                r.cancelNanos() / 1e6,
                r.valid() ? "" : " INVALID");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
