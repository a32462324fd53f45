package dev.reactio.benchmarks.http;

import dev.reactio.http.ClientResponse;
import dev.reactio.http.ClientSession;
import io.netty.channel.epoll.Epoll;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;

/**
 * HTTP client load driver: a closed loop of {@code inflight} GET requests against one URL over
 * keep-alive connections, for one client implementation, printing one {@code RESULT} line.
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.http.HttpLoad &lt;impl&gt; &lt;url&gt; &lt;inflight&gt; &lt;secs&gt; &lt;warmupSecs&gt;
 * </pre>
 *
 * <p><b>What it measures.</b> {@code inflight} independent request loops are started at once;
 * each sends a GET, waits for the whole response body, and sends the next one as soon as that
 * completes (a closed loop: always {@code inflight} requests outstanding, never more). The
 * first {@code warmupSecs} seconds are not measured (JIT compilation, connection set-up); then,
 * for {@code secs} seconds, every request that <em>completes</em> inside the window counts, and
 * its latency (from just before the request was issued until its body was read, in µs) goes
 * into an array that is sorted at the end for exact percentiles. A request counts as an error
 * if it fails, returns a status other than 200 or an empty body. After the window no new
 * requests start, the outstanding ones are waited for (at most 30 s) and the client is closed.
 *
 * <p><b>Implementations</b> ({@code impl}), each with its out-of-the-box defaults:
 * <ul>
 *   <li>{@code reactio}: {@code ClientSession.create()}, {@code session.get(url)} (the
 *       {@link ClientResponse} has the body read; its status and length are checked);</li>
 *   <li>{@code reactor-netty}: {@code HttpClient.create()} (reactor-netty's shared default pool
 *       and event loops), {@code .get().uri(url).responseSingle((r, body) -> body.asByteArray())};</li>
 *   <li>{@code jdk}: {@code java.net.http.HttpClient} with {@code HTTP_1_1} and a fixed pool of
 *       {@code availableProcessors} daemon threads as its executor (instead of the default
 *       unbounded cached pool), {@code sendAsync(request, BodyHandlers.ofByteArray())}.</li>
 * </ul>
 *
 * <p>Output (one line, {@code key=value} fields): {@code RESULT impl=… reqs_per_s=… p50_us=…
 * p90_us=… p99_us=… p999_us=… max_us=… errors=… completed=… secs=… cpu_s=… epoll=…}.
 * {@code cpu_s} is the CPU time of the whole JVM during the measured window; {@code epoll}
 * says whether Netty's native epoll transport is available (reactor-netty then uses it, unless
 * {@code -Dreactor.netty.native=false}); for {@code reactor-netty} {@code channel=} names the
 * channel class actually used. {@code benchmarks/http.sh} runs it against nginx, see
 * {@code benchmarks/README.md}, section "HTTP client".
 */
public final class HttpLoad {

    /** Most latencies kept: 2 M requests per second over the longest window is far beyond this machine. */
    private static final int MAX_SAMPLES_PER_SEC = 400_000;

    private final Client client;
    private final int inflight;
    private final int[] latencies;
    private final AtomicInteger samples = new AtomicInteger();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final CountDownLatch stopped;
    private volatile boolean running = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    private HttpLoad(Client client, int inflight, int secs) {
        this.client = client;
        this.inflight = inflight;
        this.latencies = new int[(int) Math.min(Integer.MAX_VALUE - 8, (long) secs * MAX_SAMPLES_PER_SEC)];
        this.stopped = new CountDownLatch(inflight);
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code impl url inflight secs warmupSecs}
     * @throws Exception if the client cannot be set up
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: HttpLoad reactio|reactor-netty|jdk <url> <inflight> <secs> <warmupSecs>");
            System.exit(2);
        }
        String impl = args[0];
        String url = args[1];
        int inflight = Integer.parseInt(args[2]);
        int secs = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        Client client = switch (impl) {
            case "reactio" -> new ReactioClient(url);
            case "reactor-netty" -> new NettyClient(url);
            case "jdk" -> new JdkClient(url);
            default -> throw new IllegalArgumentException("unknown impl " + impl + ": reactio, reactor-netty or jdk");
        };
        try {
            new HttpLoad(client, inflight, secs).run(impl, secs, warmup);
        } finally {
            client.close();
        }
        System.exit(0); // the JDK client's selector thread is not a daemon
    }

    private void run(String impl, int secs, int warmup) throws InterruptedException {
        for (int i = 0; i < inflight; i++) {
            fire();
        }
        Thread.sleep(warmup * 1000L);
        long cpu0 = processCpuNanos();
        long start = System.nanoTime();
        windowStart = start;
        windowEnd = start + secs * 1_000_000_000L;
        Thread.sleep(secs * 1000L);
        long cpu1 = processCpuNanos();
        running = false;
        boolean drained = stopped.await(30, TimeUnit.SECONDS);

        int n = Math.min(samples.get(), latencies.length);
        int[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double window = (windowEnd - windowStart) / 1e9;
        StringBuilder out = new StringBuilder("RESULT impl=")
                .append(impl)
                .append(" inflight=")
                .append(inflight)
                .append(" reqs_per_s=")
                .append(String.format(Locale.ROOT, "%.0f", samples.get() / window))
                .append(" p50_us=")
                .append(pct(sorted, 0.50))
                .append(" p90_us=")
                .append(pct(sorted, 0.90))
                .append(" p99_us=")
                .append(pct(sorted, 0.99))
                .append(" p999_us=")
                .append(pct(sorted, 0.999))
                .append(" max_us=")
                .append(n == 0 ? 0 : sorted[n - 1])
                .append(" errors=")
                .append(errors.sum())
                .append(" completed=")
                .append(samples.get())
                .append(" secs=")
                .append(secs)
                .append(" cpu_s=")
                .append(String.format(Locale.ROOT, "%.2f", (cpu1 - cpu0) / 1e9))
                .append(" epoll=")
                .append(Epoll.isAvailable());
        String extra = client.describe();
        if (!extra.isEmpty()) {
            out.append(' ').append(extra);
        }
        if (!drained) {
            out.append(" undrained=1");
        }
        System.out.println(out);
        Throwable e = firstError.get();
        if (e != null) {
            System.err.println("first error: " + e);
        }
    }

    /** Starts one request; its completion records it and starts the next (while running). */
    private void fire() {
        long t0 = System.nanoTime();
        client.get((ok, error) -> {
            long t1 = System.nanoTime();
            if (t1 >= windowStart && t1 <= windowEnd) {
                if (ok) {
                    int i = samples.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = (int) Math.min(Integer.MAX_VALUE, (t1 - t0) / 1000);
                    }
                } else {
                    errors.increment();
                }
            }
            if (error != null) {
                firstError.compareAndSet(null, error);
            }
            if (running) {
                fire();
            } else {
                stopped.countDown();
            }
        });
    }

    private static int pct(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** What a completed request reports: whether it counts as a success, and its error if any. */
    @FunctionalInterface
    interface Done {
        void done(boolean ok, @Nullable Throwable error);
    }

    /** One client implementation: sends a GET to the fixed URL and reports its completion once. */
    interface Client extends AutoCloseable {
        void get(Done done);

        /** Extra {@code key=value} fields for the RESULT line. */
        default String describe() {
            return "";
        }

        @Override
        void close();
    }

    /** Reactio {@code ClientSession.create()}: aiohttp's defaults. */
    static final class ReactioClient implements Client {
        private final ClientSession session = ClientSession.create();
        private final String url;

        ReactioClient(String url) {
            this.url = url;
        }

        @Override
        public void get(Done done) {
            session.get(url)
                    .subscribe(
                            resp -> done.done(resp.status() == 200 && resp.body().length > 0, null),
                            e -> done.done(false, e));
        }

        @Override
        public void close() {
            session.aclose().block(Duration.ofSeconds(10));
        }
    }

    /** Raw reactor-netty {@code HttpClient.create()} with its defaults. */
    static final class NettyClient implements Client {
        private final String url;
        private final AtomicReference<String> channel = new AtomicReference<>("?");
        private final HttpClient client;

        NettyClient(String url) {
            this.url = url;
            // doOnConnected only notes the channel class (epoll or NIO); it runs once per connection.
            this.client = HttpClient.create()
                    .doOnConnected(c -> channel.set(c.channel().getClass().getSimpleName()));
        }

        @Override
        public void get(Done done) {
            client.get()
                    .uri(url)
                    .responseSingle(
                            (r, body) -> body.asByteArray().map(b -> r.status().code() == 200 && b.length > 0))
                    .subscribe(ok -> done.done(ok, null), e -> done.done(false, e));
        }

        @Override
        public String describe() {
            return "channel=" + channel.get();
        }

        @Override
        public void close() {}
    }

    /** {@code java.net.http.HttpClient}, HTTP/1.1, a fixed executor of one thread per CPU. */
    static final class JdkClient implements Client {
        private final ExecutorService executor =
                Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                    Thread t = new Thread(r, "jdk-http");
                    t.setDaemon(true);
                    return t;
                });
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .build();
        private final HttpRequest request;

        JdkClient(String url) {
            this.request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        }

        @Override
        public void get(Done done) {
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, e) -> {
                if (e != null) {
                    done.done(false, e);
                } else {
                    done.done(resp.statusCode() == 200 && resp.body().length > 0, null);
                }
            });
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
