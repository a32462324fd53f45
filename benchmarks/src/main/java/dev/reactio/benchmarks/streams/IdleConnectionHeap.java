package dev.reactio.benchmarks.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.reactio.streams.ServerOptions;
import dev.reactio.streams.StreamServer;
import dev.reactio.streams.Streams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * Heap retained by an idle connection of a Reactio {@link StreamServer} running the tutorial's
 * echo handler ({@link ReactioEchoServer#chunks}, waiting in {@code reader.read(65536)}), with a
 * raw reactor-netty {@code TcpServer} echo as the reference. Target (issue): at most 50 KiB per
 * connection for 10 000 idle connections.
 *
 * <h2>Workload</h2>
 * For each server, in this JVM, on one event loop ({@code LoopResources.create("echo", 1, true)},
 * listen backlog 1024 so that 10 000 quick connects never overflow the accept queue):
 * <ol>
 * <li>warm-up: 200 connections that each echo 1 KiB and close (class loading, Netty's pooled
 *     allocator and thread caches, reactor-netty's lazily built objects end up in the
 *     baseline);</li>
 * <li>baseline: {@code System.gc()} four times, then used heap ({@code MemoryMXBean}) and
 *     {@code VmRSS};</li>
 * <li>a separate client JVM (the same {@code java} and class path, {@code client} mode, plain
 *     blocking {@code SocketChannel}s, so none of its memory is counted here) opens
 *     {@code n} connections and keeps them open; in the {@code talked} rows each connection first
 *     echoes one 1 KiB message, then stays idle;</li>
 * <li>once all {@code n} handlers run: {@code System.gc()} four times, used heap and VmRSS
 *     again; {@code heap_per_conn_b} = (used after − used before) / n; {@code rss_per_conn_b}
 *     the same for VmRSS (it includes native memory: Netty's direct buffers and the thread
 *     stacks of nothing, since no thread is added per connection);</li>
 * <li>the client closes everything, and the server waits until every handler has finished.</li>
 * </ol>
 * Kernel socket buffers are not in either figure. Prints one {@code RESULT} line per server and
 * mode.
 *
 * <h2>Command</h2>
 * The process needs about 2 × n file descriptors between its two JVMs ({@code ulimit -n});
 * {@code echo.sh} raises the limit when it can and otherwise passes a smaller n.
 * <pre>
 * java -Xms1g -Xmx1g -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.streams.IdleConnectionHeap 10000
 * </pre>
 */
public final class IdleConnectionHeap {

    private static final int MESSAGE = 1024;

    private IdleConnectionHeap() {}

    /** Measures something while the client holds its connections. */
    private interface Probe {
        void run() throws Exception;
    }

    /**
     * Measures, or (first argument {@code client}) runs the client side.
     *
     * @param args {@code [n]} (default 10000), or {@code client <port> <n> <talk 0|1>}
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3].equals("1"));
            return;
        }
        int n = EchoLoops.intArg(args, 0, 10_000);
        LoopResources loops = EchoLoops.create(1);
        for (boolean talk : new boolean[] {false, true}) {
            for (String impl : new String[] {"reactio", "netty"}) {
                System.out.println(measure(impl, n, talk, loops));
            }
        }
        loops.disposeLater().block();
    }

    private static String measure(String impl, int n, boolean talk, LoopResources loops) throws Exception {
        AtomicInteger active = new AtomicInteger();
        Runnable close;
        int port;
        if (impl.equals("reactio")) {
            StreamServer server = Streams.startServer(
                            (reader, writer) -> Mono.defer(() -> {
                                        active.incrementAndGet();
                                        return ReactioEchoServer.chunks(reader, writer);
                                    })
                                    .doFinally(s -> active.decrementAndGet()),
                            "127.0.0.1",
                            0,
                            ServerOptions.defaults().withLoopResources(loops).withBacklog(1024))
                    .block();
            port = server.port();
            close = () -> server.aclose().block();
        } else {
            DisposableServer server = TcpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .runOn(loops)
                    .option(io.netty.channel.ChannelOption.SO_BACKLOG, 1024)
                    .handle((in, out) -> Flux.defer(() -> {
                                active.incrementAndGet();
                                return out.send(in.receive().retain());
                            })
                            .doFinally(s -> active.decrementAndGet()))
                    .bindNow();
            port = server.port();
            close = server::disposeNow;
        }
        try {
            runClient(port, 200, true, active::get, null); // warm-up, closes at once
            awaitCount(active::get, 0);
            long heapBefore = usedHeapAfterGc();
            long rssBefore = rss();
            long[] after = new long[2];
            runClient(port, n, talk, active::get, () -> {
                after[0] = usedHeapAfterGc();
                after[1] = rss();
            });
            awaitCount(active::get, 0);
            return String.format(
                    Locale.ROOT,
                    "RESULT bench=idle impl=%s talked=%d conns=%d heap_per_conn_b=%d rss_per_conn_b=%d"
                            + " heap_before_mib=%.1f heap_after_mib=%.1f",
                    impl,
                    talk ? 1 : 0,
                    n,
                    (after[0] - heapBefore) / n,
                    (after[1] - rssBefore) / n,
                    heapBefore / 1048576.0,
                    after[0] / 1048576.0);
        } finally {
            close.run();
        }
    }

    /**
     * Starts the client JVM, waits until the server runs {@code n} handlers, calls
     * {@code whileConnected} (may be null), then lets the client close everything.
     */
    private static void runClient(int port, int n, boolean talk, IntSupplier active, Probe whileConnected)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process client = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        IdleConnectionHeap.class.getName(),
                        "client",
                        Integer.toString(port),
                        Integer.toString(n),
                        talk ? "1" : "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), US_ASCII));
                OutputStream in = client.getOutputStream()) {
            String line = out.readLine();
            if (line == null || !line.startsWith("CONNECTED")) {
                throw new IllegalStateException("client failed: " + line);
            }
            awaitCount(active, n);
            if (whileConnected != null) {
                whileConnected.run();
            }
            in.write('\n'); // close them all
            in.flush();
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client did not exit");
            }
        } finally {
            client.destroyForcibly();
        }
    }

    /** Client JVM: opens {@code n} connections, optionally echoes 1 KiB on each, then waits for stdin. */
    private static void client(int port, int n, boolean talk) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> channels = new ArrayList<>(n);
        ByteBuffer message = ByteBuffer.allocate(MESSAGE);
        ByteBuffer reply = ByteBuffer.allocate(MESSAGE);
        for (int i = 0; i < n; i++) {
            SocketChannel channel = SocketChannel.open(address);
            channels.add(channel);
            if (talk) {
                message.clear();
                while (message.hasRemaining()) {
                    channel.write(message);
                }
                reply.clear();
                while (reply.hasRemaining()) {
                    if (channel.read(reply) < 0) {
                        throw new IOException("server closed connection " + i);
                    }
                }
            }
        }
        System.out.println("CONNECTED " + n);
        System.out.flush();
        System.in.read();
        for (SocketChannel channel : channels) {
            channel.close();
        }
    }

    private static void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (count.getAsInt() != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("expected " + expected + " handlers, have " + count.getAsInt());
            }
            Thread.sleep(10);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
