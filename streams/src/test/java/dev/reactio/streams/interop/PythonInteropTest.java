package dev.reactio.streams.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.streams.ClientHandler;
import dev.reactio.streams.StreamReader;
import dev.reactio.streams.StreamServer;
import dev.reactio.streams.StreamWriter;
import dev.reactio.streams.Streams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

/**
 * Reactio streams against real Python asyncio streams ({@code src/test/python}): a Reactio
 * client talking to asyncio's {@code start_server} echo server, and asyncio's
 * {@code open_connection} client talking to a Reactio {@link StreamServer}. Skipped when
 * {@code /usr/bin/python3} is missing.
 */
@Tag("interop")
class PythonInteropTest {

    /** Hang guard for one conversation; never a timing claim. */
    private static final Duration GUARD = Duration.ofSeconds(20);

    @BeforeEach
    void python() {
        PythonPeer.assumePython();
    }

    // ------------------------------------------------------------ Reactio client, asyncio server

    @Test
    void reactioClientReadsLinesBackFromAsyncioServer() throws Exception {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(("line " + i + " " + "x".repeat(i % 97) + "\n").getBytes(UTF_8));
        }
        lines.set(7, "\n".getBytes(UTF_8));
        lines.set(8, "héllo wörld ✓ 😀\n".getBytes(UTF_8));
        lines.set(9, ("y".repeat(20_000) + "\n").getBytes(UTF_8));

        try (PythonPeer.Server server = PythonPeer.Server.start("line")) {
            List<byte[]> echoed = Streams.openConnection("127.0.0.1", server.port())
                    .flatMap(c -> {
                        StreamReader reader = c.reader();
                        StreamWriter writer = c.writer();
                        // all lines in one burst, then read them back one readline() at a time
                        writer.writelines(lines);
                        Flux<byte[]> burst = writer.drain()
                                .thenMany(Flux.range(0, lines.size()).concatMap(i -> reader.readline()));
                        // then one line at a time, waiting for each echo
                        Flux<byte[]> pingPong = Flux.range(0, 50).concatMap(i -> {
                            writer.write(("ping " + i + "\n").getBytes(UTF_8));
                            return writer.drain().then(reader.readline());
                        });
                        // half-close: the server sees EOF and closes, so readline() reads EOF
                        Mono<byte[]> afterEof =
                                Mono.fromRunnable(writer::writeEof).then(reader.readline());
                        return Flux.concat(burst, pingPong, afterEof)
                                .collectList()
                                .doFinally(s -> writer.close());
                    })
                    .block(GUARD);

            List<String> expected = new ArrayList<>();
            lines.forEach(l -> expected.add(new String(l, UTF_8)));
            for (int i = 0; i < 50; i++) {
                expected.add("ping " + i + "\n");
            }
            expected.add(""); // readline() at EOF
            assertThat(echoed)
                    .extracting(b -> new String(b, UTF_8))
                    .as("python stderr: %s", server.stderr())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void reactioClientStreamsBinaryThroughAsyncioServer() throws Exception {
        byte[] payload = randomBytes(384 * 1024, 1);
        try (PythonPeer.Server server = PythonPeer.Server.start("binary")) {
            Tuple2<byte[], Boolean> result = Streams.openConnection("127.0.0.1", server.port())
                    .flatMap(c -> {
                        // write in chunks (with drain) while reading the echo concurrently
                        Mono<Void> send = Flux.fromIterable(
                                        chunks(payload, new int[] {1, 13, 4096, 65_536, 100_000, 999}))
                                .concatMap(chunk -> {
                                    c.writer().write(chunk);
                                    return c.writer().drain();
                                })
                                .then();
                        Mono<byte[]> echoed = c.reader().readexactly(payload.length);
                        Mono<Boolean> eofAfterHalfClose = Mono.fromRunnable(c.writer()::writeEof)
                                .then(c.reader().read(-1))
                                .map(rest -> rest.length == 0 && c.reader().atEof());
                        return Mono.zip(send.thenReturn(true), echoed)
                                .map(Tuple2::getT2)
                                .zipWhen(bytes -> eofAfterHalfClose)
                                .doFinally(s -> c.writer().close());
                    })
                    .block(GUARD);
            assertThat(result.getT1())
                    .as("echo of %s random bytes; python stderr: %s", payload.length, server.stderr())
                    .isEqualTo(payload);
            assertThat(result.getT2())
                    .as("read(-1) after writeEof() is empty and atEof()")
                    .isTrue();
        }
    }

    @Test
    void reactioClientHalfClosesAndReadsEverythingBackToEof() throws Exception {
        byte[] payload = randomBytes(256 * 1024, 2);
        try (PythonPeer.Server server = PythonPeer.Server.start("binary")) {
            byte[] echoed = Streams.openConnection("127.0.0.1", server.port())
                    .flatMap(c -> {
                        c.writer().write(payload);
                        c.writer().writeEof(); // the asyncio server reads to EOF, echoing, then closes
                        return c.reader().read(-1).doFinally(s -> c.writer().close());
                    })
                    .block(GUARD);
            assertThat(echoed).as("python stderr: %s", server.stderr()).isEqualTo(payload);
        }
    }

    // ------------------------------------------------------------ asyncio client, Reactio server

    @Test
    void asyncioClientGetsItsLinesBackFromReactioServer() throws Exception {
        assertAsyncioClientPasses("line", (reader, writer) -> echo(reader::readline, writer));
    }

    @Test
    void asyncioClientGetsItsBytesBackFromReactioServer() throws Exception {
        assertAsyncioClientPasses("binary", (reader, writer) -> echo(() -> reader.read(65536), writer));
    }

    /** The asyncio client must be able to fail: against a server that corrupts one byte, it does. */
    @Test
    void asyncioClientNoticesCorruptedEcho() throws Exception {
        StreamServer server = Streams.startServer(
                        (reader, writer) -> {
                            long[] seen = {0}; // bytes echoed on this connection
                            return echo(
                                    () -> reader.read(65536).map(data -> {
                                        long start = seen[0];
                                        seen[0] += data.length;
                                        if (start <= 100_000 && 100_000 < seen[0]) {
                                            byte[] copy = data.clone();
                                            copy[(int) (100_000 - start)] ^= 1;
                                            return copy;
                                        }
                                        return data;
                                    }),
                                    writer);
                        },
                        "127.0.0.1",
                        0)
                .block(GUARD);
        try {
            PythonPeer.ClientRun run = PythonPeer.runClient(server.port(), "binary");
            assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("MISMATCH", "first difference at byte 100000");
        } finally {
            server.aclose().block(GUARD);
        }
    }

    private static void assertAsyncioClientPasses(String mode, ClientHandler handler) throws Exception {
        StreamServer server = Streams.startServer(handler, "127.0.0.1", 0).block(GUARD);
        try {
            PythonPeer.ClientRun run = PythonPeer.runClient(server.port(), mode);
            assertThat(run.exitCode())
                    .as("echo_client.py --mode %s said: %s", mode, run.output())
                    .isZero();
            assertThat(run.output()).startsWith("OK " + mode);
        } finally {
            server.aclose().block(GUARD);
        }
    }

    /**
     * The tutorial's echo loop: read, write back, drain, until a read returns nothing (EOF).
     * The connection is closed when the returned {@code Mono} completes.
     */
    static Mono<Void> echo(Supplier<Mono<byte[]>> read, StreamWriter writer) {
        return Mono.defer(read)
                .flatMap(data -> {
                    if (data.length == 0) {
                        return Mono.just(false);
                    }
                    writer.write(data);
                    return writer.drain().thenReturn(true);
                })
                .repeat()
                .takeWhile(more -> more)
                .then();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code data} cut into consecutive chunks whose sizes cycle through {@code sizes}. */
    private static List<byte[]> chunks(byte[] data, int[] sizes) {
        List<byte[]> out = new ArrayList<>();
        for (int pos = 0, i = 0; pos < data.length; i++) {
            int n = Math.min(sizes[i % sizes.length], data.length - pos);
            out.add(Arrays.copyOfRange(data, pos, pos + n));
            pos += n;
        }
        return out;
    }
}
