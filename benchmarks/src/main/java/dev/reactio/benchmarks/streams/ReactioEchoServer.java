package dev.reactio.benchmarks.streams;

import dev.reactio.streams.ClientHandler;
import dev.reactio.streams.ServerOptions;
import dev.reactio.streams.StreamReader;
import dev.reactio.streams.StreamServer;
import dev.reactio.streams.StreamWriter;
import dev.reactio.streams.Streams;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * The asyncio tutorial's echo server written with Reactio streams, for {@code benchmarks/echo.sh}.
 *
 * <h2>Workload</h2>
 * Each connection runs the tutorial loop: {@code data = await reader.read(65536)}; at EOF stop;
 * {@code writer.write(data)}; {@code await writer.drain()}; repeat. Three ways to write that loop
 * with Reactor are selectable (third argument):
 * <ul>
 * <li>{@code chunks} (the default, and what {@code echo.sh} measures):
 *     {@code reader.chunks().concatMap(data -> { writer.write(data); return writer.drain(); }, 0)},
 *     asyncio's {@code async for data in reader}; {@code chunks()} is {@code read(limit)} repeated
 *     until EOF (limit 64 KiB by default, so the same reads as {@code read(65536)}), and prefetch 0
 *     reads the next chunk only once the drain has completed, as the Python loop does;</li>
 * <li>{@code repeat}: one step is {@code Mono.defer(() -> reader.read(65536)).flatMap(write + drain)},
 *     looped by {@code .repeat().takeWhile(more)} until a read returns the empty array (EOF);</li>
 * <li>{@code chunks-prefetch}: like {@code chunks} with {@code concatMap}'s default prefetch (32),
 *     which reads ahead while a drain waits: up to 32 more chunks buffered per connection, so not
 *     the tutorial's flow control; measured only to see what read-ahead is worth.</li>
 * </ul>
 * Measured against each other (1 KiB messages, 5 alternating rounds, 2026-11-25 18:21):
 * {@code chunks} 1.02 × {@code repeat} (median of the per-round ratios) and 160 B less allocated
 * per message (1 295 B against 1 456 B); {@code chunks-prefetch} 1.05 × {@code repeat}.
 * {@code chunks} is therefore the fastest of the forms that keep the tutorial's flow control.
 *
 * The server binds 127.0.0.1 and runs on {@code LoopResources.create("echo", loops, true)}
 * ({@link ServerOptions#withLoopResources}), the same sizing as {@link NettyEchoServer}. The default
 * is one event loop, because on the 2-core reference machine the load generator takes the other
 * core, and more event loops than free cores makes echo p99 several times worse
 * ({@code ../shared/bench/README.md}). It prints {@code READY <port>} once it listens and
 * serves until killed.
 *
 * <h2>Command</h2>
 * Arguments: {@code port} (0 = any free one, default 0), {@code loops} (default 1), {@code variant}
 * (default {@code chunks}). {@code echo.sh} runs it pinned to core 0:
 * <pre>
 * taskset -c 0 java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *     dev.reactio.benchmarks.streams.ReactioEchoServer 0 1 chunks
 * taskset -c 1 benchmarks/target/echoload -p PORT -c 100 -s 1024 -t 10 -w 2
 * </pre>
 */
public final class ReactioEchoServer {

    /** The tutorial's read size. */
    static final int READ_SIZE = 65536;

    private ReactioEchoServer() {}

    /**
     * Starts the server and serves until the process is killed.
     *
     * @param args {@code [port [loops [chunks|repeat|chunks-prefetch]]]}
     */
    public static void main(String[] args) {
        int port = EchoLoops.intArg(args, 0, 0);
        int loops = EchoLoops.intArg(args, 1, 1);
        String variant = EchoLoops.stringArg(args, 2, "chunks");
        StreamServer server = Streams.startServer(
                        handler(variant),
                        "127.0.0.1",
                        port,
                        ServerOptions.defaults().withLoopResources(EchoLoops.create(loops)))
                .block();
        System.out.println(String.format(Locale.ROOT, "READY %d loops=%d variant=%s", server.port(), loops, variant));
        server.serveForever().block();
    }

    /**
     * The echo handler of the given variant.
     *
     * @param variant {@code chunks}, {@code repeat} or {@code chunks-prefetch}
     * @return the handler
     */
    static ClientHandler handler(String variant) {
        return switch (variant) {
            case "repeat" -> ReactioEchoServer::repeat;
            case "chunks" -> ReactioEchoServer::chunks;
            case "chunks-prefetch" ->
                (reader, writer) -> reader.chunks()
                        .concatMap(data -> {
                            writer.write(data);
                            return writer.drain();
                        })
                        .then();
            default ->
                throw new IllegalArgumentException(
                        "unknown variant '" + variant + "': use chunks, repeat or chunks-prefetch");
        };
    }

    /** {@code async for data in reader: writer.write(data); await writer.drain()}. */
    static Mono<Void> chunks(StreamReader reader, StreamWriter writer) {
        return reader.chunks()
                .concatMap(
                        data -> {
                            writer.write(data);
                            return writer.drain();
                        },
                        0)
                .then();
    }

    /** read → write → drain, repeated until EOF. */
    static Mono<Void> repeat(StreamReader reader, StreamWriter writer) {
        return Mono.defer(() -> reader.read(READ_SIZE))
                .flatMap(data -> {
                    if (data.length == 0) {
                        return Mono.just(false); // EOF
                    }
                    writer.write(data);
                    return writer.drain().thenReturn(true);
                })
                .repeat()
                .takeWhile(more -> more)
                .then();
    }
}
