package dev.reactio.benchmarks.tasks;

import dev.reactio.Aio;
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
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Throughput of "start a coroutine eagerly, then await its result" with {@code Aio.createTask}
 * and with the plain Reactor ways to do the same, in the same run. Python's counterpart is
 * {@code await asyncio.create_task(noop())} in a loop ({@code benchmarks/python/asyncio_bench.py}).
 *
 * <h2>Workload</h2>
 * One operation starts a coroutine, subscribes one awaiting subscriber to the resulting
 * awaitable and returns the value that subscriber received. Everything happens on the
 * benchmark thread; no scheduler is involved.
 * <ul>
 * <li>{@code impl=reactio}: {@code Aio.createTask(coro).await()}.</li>
 * <li>{@code impl=toFuture}: {@code Mono.fromFuture(coro.toFuture())}.</li>
 * <li>{@code impl=sinksOne}: {@code coro} subscribed by a small subscriber that forwards into a
 *     {@code Sinks.one()}; the awaitable is {@code sink.asMono()}.</li>
 * <li>{@code impl=cache}: {@code hot = coro.cache(); hot.subscribe()}; the awaitable is {@code hot}.</li>
 * <li>{@code impl=direct}: no task at all, the awaiting subscriber subscribes to {@code coro}
 *     itself. A floor, not a competitor: nothing is started eagerly.</li>
 * </ul>
 * {@code completion=ready}: {@code coro} is {@code Mono.just(42)}, so the task is done before it
 * is awaited. {@code completion=pending}: {@code coro} is a fresh {@code Sinks.one()} that is
 * completed only after the awaiter subscribed, which exercises the waiter registration and is
 * the shape asyncio always has ({@code create_task} never runs the coroutine at once). The
 * trigger sink costs the same in every {@code impl}.
 *
 * <h2>Command</h2>
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CreateTaskBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CreateTaskBenchmark {

    private static final Integer VALUE = 42;

    /** How the coroutine is started and awaited (see class Javadoc). */
    @Param({"reactio", "toFuture", "sinksOne", "cache", "direct"})
    public String impl = "reactio";

    /** {@code ready}: done before it is awaited; {@code pending}: done after (see class Javadoc). */
    @Param({"ready", "pending"})
    public String completion = "ready";

    private int implId;
    private boolean pending;

    /** Resolves the parameters once and checks that one operation yields the value. */
    @Setup
    public void setUp() {
        implId = switch (impl) {
            case "reactio" -> 0;
            case "toFuture" -> 1;
            case "sinksOne" -> 2;
            case "cache" -> 3;
            case "direct" -> 4;
            default ->
                throw new IllegalArgumentException(
                        "impl must be reactio, toFuture, sinksOne, cache or direct, but was " + impl);
        };
        pending = switch (completion) {
            case "ready" -> false;
            case "pending" -> true;
            default -> throw new IllegalArgumentException("completion must be ready or pending, but was " + completion);
        };
        if (!VALUE.equals(createAndAwait())) {
            throw new IllegalStateException(impl + "/" + completion + " did not deliver the value");
        }
    }

    /**
     * Starts one coroutine, awaits it and returns its value (JMH consumes it).
     *
     * @return the coroutine's value
     */
    @Benchmark
    public Object createAndAwait() {
        Sinks.@Nullable One<Integer> trigger = pending ? Sinks.one() : null;
        Mono<Integer> coro = trigger != null ? trigger.asMono() : Mono.just(VALUE);
        Mono<Integer> awaitable = start(coro);
        Catcher catcher = new Catcher();
        awaitable.subscribe(catcher);
        if (trigger != null) {
            // FAIL_* cannot happen: the sink is fresh and emitted once, from this thread.
            trigger.tryEmitValue(VALUE);
        }
        return catcher.value();
    }

    private Mono<Integer> start(Mono<Integer> coro) {
        switch (implId) {
            case 0:
                return Aio.createTask(coro).await();
            case 1:
                return Mono.fromFuture(coro.toFuture());
            case 2: {
                Sinks.One<Integer> sink = Sinks.one();
                coro.subscribe(new SinkForwarder(sink));
                return sink.asMono();
            }
            case 3: {
                Mono<Integer> hot = coro.cache();
                hot.subscribe();
                return hot;
            }
            default:
                return coro;
        }
    }

    /** The awaiting subscriber: records the value; an error or an empty completion is a bug here. */
    static final class Catcher implements CoreSubscriber<Integer> {
        private @Nullable Integer value;
        private @Nullable Throwable error;

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Integer v) {
            value = v;
        }

        @Override
        public void onError(Throwable e) {
            error = e;
        }

        @Override
        public void onComplete() {
            // the value, if any, came in onNext
        }

        Integer value() {
            if (value == null) {
                throw new IllegalStateException("the awaitable did not deliver a value synchronously", error);
            }
            return value;
        }
    }

    /** What a hand-written "task" on {@code Sinks.one()} looks like: forwards one outcome. */
    static final class SinkForwarder implements CoreSubscriber<Integer> {
        private final Sinks.One<Integer> sink;
        private boolean hasValue;

        SinkForwarder(Sinks.One<Integer> sink) {
            this.sink = sink;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        // Every tryEmit* below is the only emission of a fresh sink from its source's serialized
        // signals, so FAIL_NON_SERIALIZED and FAIL_TERMINATED cannot happen; nothing to handle.
        @Override
        public void onNext(Integer v) {
            hasValue = true;
            sink.tryEmitValue(v);
        }

        @Override
        public void onError(Throwable e) {
            sink.tryEmitError(e);
        }

        @Override
        public void onComplete() {
            if (!hasValue) {
                sink.tryEmitEmpty();
            }
        }
    }
}
