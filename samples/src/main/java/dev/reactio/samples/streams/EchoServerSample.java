package dev.reactio.samples.streams;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.streams.StreamReader;
import dev.reactio.streams.StreamServer;
import dev.reactio.streams.StreamWriter;
import dev.reactio.streams.Streams;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Streaming I/O &gt; Network streams" (流式 I/O &gt; 网络流): an echo server
 * with {@code start_server}.
 * <pre>{@code
 * async def handle_client(reader, writer):
 *     addr = writer.get_extra_info('peername')
 *     print(f"Connected from {addr}")
 *     while True:
 *         data = await reader.read(100)
 *         if not data:
 *             break
 *         message = data.decode()
 *         print(f"Received: {message}")
 *         writer.write(data)
 *         await writer.drain()
 *     writer.close()
 *     await writer.wait_closed()
 *
 * async def main():
 *     server = await asyncio.start_server(handle_client, '127.0.0.1', 8888)
 *     async with server:
 *         await server.serve_forever()
 * }</pre>
 * The tutorial serves forever on port 8888. So that the sample ends by itself, it listens on a
 * free port, lets a client send two messages (with {@code open_connection}, the tutorial's
 * client side), prints what comes back, and then leaves {@code async with server}, which closes
 * the server.
 */
public final class EchoServerSample {

    private EchoServerSample() {}

    /** {@code async def handle_client(reader, writer)}. */
    static Mono<Void> handleClient(SampleContext ctx, StreamReader reader, StreamWriter writer) {
        ctx.print("Connected from " + writer.getExtraInfo("peername"));
        return reader.read(100)
                .flatMap(data -> {
                    if (data.length == 0) {
                        return Mono.just(false); // if not data: break
                    }
                    ctx.print("Received: " + new String(data, UTF_8));
                    writer.write(data);
                    return writer.drain().thenReturn(true);
                })
                .repeat()
                .takeUntil(more -> !more)
                .then(Mono.defer(() -> {
                    writer.close();
                    return writer.waitClosed();
                }));
    }

    /** The client: sends each message, reads the echo, then closes. */
    static Mono<Void> client(SampleContext ctx, int port, String... messages) {
        return Streams.openConnection("127.0.0.1", port)
                .flatMap(connection -> Flux.fromArray(messages)
                        .concatMap(message -> {
                            connection.writer().write(message.getBytes(UTF_8));
                            return connection
                                    .reader()
                                    .readexactly(message.length())
                                    .doOnNext(echo -> ctx.print("Client got back: " + new String(echo, UTF_8)));
                        })
                        .then(Mono.defer(() -> {
                            connection.writer().close();
                            return connection.writer().waitClosed();
                        })));
    }

    /**
     * {@code async def main()}, with a client instead of {@code serve_forever()}.
     *
     * @param ctx where to print
     * @return a cold {@code Mono} that completes when the client is done and the server closed
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Streams.startServer((reader, writer) -> handleClient(ctx, reader, writer), "127.0.0.1", 0)
                .flatMap(server -> {
                    ctx.print("Serving on " + server.address());
                    // async with server: close() and waitClosed() on the way out
                    return Aio.using(Mono.just(server), (StreamServer s) -> client(ctx, s.port(), "Hello", "World!"))
                            .then(Mono.fromRunnable(() -> ctx.print("Server closed")));
                });
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }
}
