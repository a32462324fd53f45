package dev.reactio.benchmarks.gather;

import dev.reactio.Aio;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * {@code Aio.gather} of {@code size} trivial sources against a hand-written {@code Mono.zip}
 * whose combinator builds a list, in the same run. Python's counterpart is
 * {@code await asyncio.gather(*[noop() for _ in range(n)])} in {@code benchmarks/python/asyncio_bench.py}.
 *
 * <h2>Workload</h2>
 * One operation builds the gathering {@code Mono} from a prebuilt list of {@code size} cold
 * sources and blocks for its list: {@code Aio.gather(sources).block()} ({@code impl=reactio})
 * or {@code Mono.zip(sources, Arrays::asList).block()} ({@code impl=zip}). All sources complete
 * synchronously on the calling thread, so this measures pure operator overhead per source.
 * <ul>
 * <li>{@code source=just}: {@code Mono.just(i)}. Scalar: {@code Aio.gather} reads it without
 *     subscribing (its fast path); {@code Mono.zip} subscribes to every source.</li>
 * <li>{@code source=supplier}: {@code Mono.fromSupplier(() -> i)}, callable but not scalar.</li>
 * <li>{@code source=hide}: {@code Mono.just(i).hide()}, an opaque publisher: both operators
 *     subscribe, so this is the like-for-like comparison.</li>
 * </ul>
 * Target (issue): reactio/zip time ratio &lt;= 1.2 for every row.
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GatherBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GatherBenchmark {

    /** Number of sources gathered by one operation. */
    @Param({"10000", "100000"})
    public int size;

    /** What each source is: {@code just}, {@code supplier} or {@code hide} (see class Javadoc). */
    @Param({"just", "supplier", "hide"})
    public String source = "just";

    /** {@code reactio} for {@code Aio.gather}, {@code zip} for the hand-written {@code Mono.zip}. */
    @Param({"reactio", "zip"})
    public String impl = "reactio";

    private List<Mono<Integer>> sources = List.of();
    private boolean reactio;

    /** Builds the cold sources once; each operation subscribes to them afresh. */
    @Setup
    public void setUp() {
        List<Mono<Integer>> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Integer value = i;
            list.add(
                    switch (source) {
                        case "just" -> Mono.just(value);
                        case "supplier" -> Mono.fromSupplier(() -> value);
                        case "hide" -> Mono.just(value).hide();
                        default ->
                            throw new IllegalArgumentException(
                                    "source must be just, supplier or hide, but was " + source);
                    });
        }
        sources = list;
        reactio = switch (impl) {
            case "reactio" -> true;
            case "zip" -> false;
            default -> throw new IllegalArgumentException("impl must be reactio or zip, but was " + impl);
        };
        List<?> check = gather();
        if (check == null || check.size() != size || !Integer.valueOf(size - 1).equals(check.get(size - 1))) {
            throw new IllegalStateException(impl + " gathered the wrong list for size " + size);
        }
    }

    /**
     * Gathers all sources and returns the list (JMH consumes it).
     *
     * @return the gathered values, in source order
     */
    @Benchmark
    public @Nullable List<?> gather() {
        if (reactio) {
            return Aio.gather(sources).block();
        }
        return Mono.zip(sources, Arrays::asList).block();
    }
}
