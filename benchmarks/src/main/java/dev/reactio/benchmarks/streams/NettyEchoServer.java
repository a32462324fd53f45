package dev.reactio.benchmarks.streams;

import java.util.Locale;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * The reference echo server for {@code benchmarks/echo.sh}: a raw reactor-netty {@code TcpServer}
 * that sends every received buffer straight back, without copying it:
 * {@code handle((in, out) -> out.send(in.receive().retain()))}.
 *
 * <h2>Workload</h2>
 * Same as {@link ReactioEchoServer}: binds 127.0.0.1, runs on
 * {@code LoopResources.create("echo", loops, true)} (default one loop: the load generator takes
 * the other core of the 2-core reference machine, and more event loops than free cores makes
 * echo p99 several times worse), prints {@code READY <port>} and serves until killed.
 *
 * <h2>Command</h2>
 * Arguments: {@code port} (0 = any free one, default 0), {@code loops} (default 1).
 * <pre>
 * taskset -c 0 java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.streams.NettyEchoServer 0 1
 * </pre>
 */
public final class NettyEchoServer {

    private NettyEchoServer() {}

    /**
     * Starts the server and serves until the process is killed.
     *
     * @param args {@code [port [loops]]}
     */
    public static void main(String[] args) {
        int port = EchoLoops.intArg(args, 0, 0);
        int loops = EchoLoops.intArg(args, 1, 1);
        DisposableServer server = start(port, loops);
        System.out.println(String.format(Locale.ROOT, "READY %d loops=%d", server.port(), loops));
        server.onDispose().block();
    }

    static DisposableServer start(int port, int loops) {
        return TcpServer.create()
                .host("127.0.0.1")
                .port(port)
                .runOn(EchoLoops.create(loops))
                .handle((in, out) -> out.send(in.receive().retain()))
                .bindNow();
    }
}
