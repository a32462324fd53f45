package dev.reactio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link StreamReader} fed directly, as reactor-netty feeds it: the ports of CPython's
 * {@code test_streams.py} reader tests, plus fragmentation and flow control.
 */
class StreamReaderTest {

    /** A source that counts requests (each asks for one chunk). */
    static final class Source implements StreamReader.Source {
        final AtomicInteger requests = new AtomicInteger();

        @Override
        public void request() {
            requests.incrementAndGet();
        }
    }

    private static StreamReader reader(int limit) {
        StreamReader r = new StreamReader(limit);
        r.attach(new Source());
        return r;
    }

    private static void feed(StreamReader r, String s) {
        feed(r, s.getBytes(UTF_8));
    }

    private static void feed(StreamReader r, byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            r.feed(b);
        } finally {
            b.release();
        }
    }

    private static String str(byte[] b) {
        return new String(b, UTF_8);
    }

    @Test
    void readZeroReturnsEmptyAtOnce() {
        StreamReader r = reader(100);
        StepVerifier.create(r.read(0)).assertNext(b -> assertThat(b).isEmpty()).verifyComplete();
    }

    @Test
    void readReturnsWhatIsBufferedUpToN() {
        StreamReader r = reader(100);
        feed(r, "line1\nline2\n");
        StepVerifier.create(r.read(5).map(StreamReaderTest::str))
                .expectNext("line1")
                .verifyComplete();
        StepVerifier.create(r.read(100).map(StreamReaderTest::str))
                .expectNext("\nline2\n")
                .verifyComplete();
    }

    @Test
    void readWaitsForDataThenReturnsIt() {
        StreamReader r = reader(100);
        StepVerifier.create(r.read(30).map(StreamReaderTest::str))
                .expectSubscription()
                .then(() -> feed(r, "chunk"))
                .expectNext("chunk")
                .verifyComplete();
    }

    @Test
    void readAtEofReturnsEmpty() {
        StreamReader r = reader(100);
        r.feedEof();
        StepVerifier.create(r.read(10)).assertNext(b -> assertThat(b).isEmpty()).verifyComplete();
        assertThat(r.atEof()).isTrue();
    }

    @Test
    void readMinusOneReadsUntilEof() {
        StreamReader r = reader(5);
        StepVerifier.create(r.read(-1).map(StreamReaderTest::str))
                .expectSubscription()
                .then(() -> feed(r, "chunk1\n"))
                .then(() -> feed(r, "chunk2"))
                .then(r::feedEof)
                .expectNext("chunk1\nchunk2")
                .verifyComplete();
    }

    @Test
    void readFailsWithTheConnectionError() {
        StreamReader r = reader(100);
        feed(r, "line\n");
        IllegalStateException boom = new IllegalStateException("boom");
        r.feedError(boom);
        StepVerifier.create(r.read(2)).verifyErrorSatisfies(e -> assertThat(e).isSameAs(boom));
    }

    @Test
    void readlineReturnsOneLineAtATime() {
        StreamReader r = reader(100);
        feed(r, "line1\nline2\nlast");
        r.feedEof();
        StepVerifier.create(Flux.concat(r.readline(), r.readline(), r.readline(), r.readline())
                        .map(StreamReaderTest::str))
                .expectNext("line1\n", "line2\n", "last", "")
                .verifyComplete();
    }

    @Test
    void readlineWaitsForTheNewline() {
        StreamReader r = reader(100);
        StepVerifier.create(r.readline().map(StreamReaderTest::str))
                .expectSubscription()
                .then(() -> feed(r, "chunk1 "))
                .then(() -> feed(r, "chunk2 "))
                .then(() -> feed(r, "chunk3 \nchunk4"))
                .expectNext("chunk1 chunk2 chunk3 \n")
                .verifyComplete();
        StepVerifier.create(r.read(-1).map(StreamReaderTest::str))
                .then(r::feedEof)
                .expectNext("chunk4")
                .verifyComplete();
    }

    /** CPython's test_readline_limit: the over-long line is discarded, the next one is intact. */
    @Test
    void readlineOverTheLimitDiscardsThatLine() {
        StreamReader r = reader(7);
        feed(r, "1234567\n");
        StepVerifier.create(r.readline().map(StreamReaderTest::str))
                .expectNext("1234567\n")
                .verifyComplete(); // at the limit
        feed(r, "12345678\n");
        feed(r, "12\n");
        StepVerifier.create(r.readline())
                .verifyErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(LimitOverrunException.class)
                        .hasMessageContaining("chunk is longer than limit"));
        StepVerifier.create(r.readline().map(StreamReaderTest::str))
                .expectNext("12\n")
                .verifyComplete();
    }

    @Test
    void readlineOverTheLimitWithoutNewlineClearsTheBuffer() {
        StreamReader r = reader(7);
        feed(r, "1234567890");
        StepVerifier.create(r.readline())
                .verifyErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(LimitOverrunException.class)
                        .hasMessageContaining("Separator is not found"));
        assertThat(r.buffered()).isZero();
    }

    @Test
    void readexactlyWaitsForAllBytes() {
        StreamReader r = reader(100);
        StepVerifier.create(r.readexactly(10).map(StreamReaderTest::str))
                .expectSubscription()
                .then(() -> feed(r, "12345"))
                .then(() -> feed(r, "67890abc"))
                .expectNext("1234567890")
                .verifyComplete();
        assertThat(r.buffered()).isEqualTo(3);
    }

    @Test
    void readexactlyAtEofFailsWithThePartialBytes() {
        StreamReader r = reader(100);
        feed(r, "12345");
        StepVerifier.create(r.readexactly(10)).then(r::feedEof).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(IncompleteReadException.class);
            IncompleteReadException ire = (IncompleteReadException) e;
            assertThat(str(ire.partial())).isEqualTo("12345");
            assertThat(ire.expected()).isEqualTo(10);
            assertThat(e).hasMessage("5 bytes read on a total of 10 expected bytes");
        });
    }

    @Test
    void readexactlyMayExceedTheLimit() {
        StreamReader r = reader(4);
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        StepVerifier.create(r.readexactly(1000))
                .then(() -> {
                    for (int i = 0; i < 1000; i += 100) {
                        feed(r, java.util.Arrays.copyOfRange(data, i, i + 100));
                    }
                })
                .assertNext(b -> assertThat(b).isEqualTo(data))
                .verifyComplete();
    }

    @Test
    void readexactlyRejectsANegativeSize() {
        assertThatThrownBy(() -> reader(10).readexactly(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("less than zero");
    }

    // gh-12: a size no array can hold is rejected when called, naming n
    @Test
    void readexactlyRejectsASizeBeyondTheLargestArray() {
        assertThatThrownBy(() -> reader(10).readexactly(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readexactly n must be at most 2147483639 (the largest byte array), but was 2147483647; "
                        + "read a stream this long in parts, with read(n) or chunks()");
        assertThatThrownBy(() -> reader(10).readexactly(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readexactly n can not be less than zero, but was -1");
    }

    // gh-12: the largest size allocates only what arrives, not n bytes up front
    @Test
    void readexactlyOfTheLargestSizeAllocatesOnlyWhatArrives() {
        StreamReader r = reader(10);
        StepVerifier.create(r.readexactly(StreamReader.MAX_ARRAY))
                .then(() -> feed(r, "abc"))
                .then(r::feedEof)
                .verifyErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(IncompleteReadException.class, ire -> {
                    assertThat(str(ire.partial())).isEqualTo("abc");
                    assertThat(ire.expected()).isEqualTo(StreamReader.MAX_ARRAY);
                }));
    }

    // gh-12: growing a buffer near the largest array neither overflows nor grows by one chunk at a time
    @ParameterizedTest
    @CsvSource({
        // capacity, buffered, incoming -> new capacity
        "0, 0, 10, 1024",
        "1024, 1000, 100, 2048",
        "1024, 1000, 5000, 6000",
        "1200000000, 1200000000, 65536, 2147483639",
        "2147400000, 2147400000, 65536, 2147483639",
    })
    void theBufferGrowsWithinTheLargestArray(int capacity, int buffered, int incoming, int expected) {
        assertThat(StreamReader.grownCapacity(capacity, buffered, incoming, StreamReader.MAX_ARRAY))
                .isEqualTo(expected);
    }

    // gh-12: more than an array can hold fails the reader instead of throwing on the event loop
    @Test
    void aStreamLongerThanTheLargestArrayFailsTheReadAndDropsTheBuffer() {
        assertThat(StreamReader.grownCapacity(2147483639, 2147480000, 65536, StreamReader.MAX_ARRAY))
                .isEqualTo(-1);
        StreamReader r = new StreamReader(4, 2048); // as if 2048 were the largest array
        r.attach(new Source());
        StepVerifier.create(r.read(-1))
                .then(() -> feed(r, new byte[2000]))
                .then(() -> feed(r, new byte[100]))
                .verifyErrorSatisfies(
                        e -> assertThat(e)
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessage(
                                        "StreamReader cannot buffer more than 2048 bytes: read(-1) and readexactly(n) keep "
                                                + "everything in one array; read a stream this long in parts, with read(n) or chunks()"));
        assertThat(r.buffered()).isZero();
        StepVerifier.create(r.read(10)).verifyError(IllegalStateException.class);
    }

    @Test
    void readuntilFindsAMultiByteSeparatorSplitAcrossChunks() {
        StreamReader r = reader(100);
        byte[] sep = "\r\n\r\n".getBytes(UTF_8);
        StepVerifier.create(r.readuntil(sep).map(StreamReaderTest::str))
                .expectSubscription()
                .then(() -> feed(r, "HEAD\r\n\r"))
                .then(() -> feed(r, "\nBODY"))
                .expectNext("HEAD\r\n\r\n")
                .verifyComplete();
    }

    /** CPython's test_readuntil_limit_found_sep and friends: overrun keeps the data. */
    @Test
    void readuntilOverrunKeepsTheDataAndSaysHowMuchWasSearched() {
        StreamReader r = reader(3);
        feed(r, "some dataAA");
        StepVerifier.create(r.readuntil("AAA".getBytes(UTF_8)))
                .verifyErrorSatisfies(
                        e -> assertThat(((LimitOverrunException) e).consumed()).isEqualTo(9));
        assertThat(r.buffered()).isEqualTo(11);
        feed(r, "A");
        StepVerifier.create(r.readuntil("AAA".getBytes(UTF_8)))
                .verifyErrorSatisfies(
                        e -> assertThat(e).hasMessageContaining("Separator is found, but chunk is longer than limit"));
        assertThat(r.buffered()).isEqualTo(12);
    }

    @Test
    void readuntilAtEofFailsWithEverythingLeft() {
        StreamReader r = reader(100);
        feed(r, "no separator");
        r.feedEof();
        StepVerifier.create(r.readuntil("!".getBytes(UTF_8))).verifyErrorSatisfies(e -> {
            IncompleteReadException ire = (IncompleteReadException) e;
            assertThat(str(ire.partial())).isEqualTo("no separator");
            assertThat(ire.expected()).isEqualTo(-1);
        });
        assertThat(r.atEof()).isTrue();
    }

    @Test
    void readuntilRejectsAnEmptySeparator() {
        assertThatThrownBy(() -> reader(10).readuntil(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSecondReadWhileOneWaitsFails() {
        StreamReader r = reader(100);
        StepVerifier.create(r.readline())
                .expectSubscription()
                .then(
                        () -> StepVerifier.create(r.read(1))
                                .verifyErrorSatisfies(
                                        e -> assertThat(e)
                                                .isInstanceOf(IllegalStateException.class)
                                                .hasMessage(
                                                        "read() called while readline() is still waiting for incoming data; a StreamReader "
                                                                + "serves one read at a time: wait for it to complete (or cancel it) before reading again")))
                .then(() -> feed(r, "x\n"))
                .expectNextCount(1)
                .verifyComplete();
    }

    // gh-issue "Concurrency correctness", item 5: the message named an internal kind ("some()")
    @ParameterizedTest
    @CsvSource({
        "read(1),       readline(),    readline() called while read() is still waiting",
        "read(-1),      readexactly(), readexactly() called while read() is still waiting",
        "readexactly(), readuntil(),   readuntil() called while readexactly() is still waiting",
        "readuntil(),   read(1),       read() called while readuntil() is still waiting",
        "readline(),    read(-1),      read() called while readline() is still waiting",
    })
    void aSecondReadNamesBothPublicMethods(String first, String second, String expected) {
        StreamReader r = reader(100);
        Function<String, Mono<byte[]>> call = name -> switch (name) {
            case "read(1)" -> r.read(1);
            case "read(-1)" -> r.read(-1);
            case "readexactly()" -> r.readexactly(3);
            case "readuntil()" -> r.readuntil(new byte[] {'!'});
            case "readline()" -> r.readline();
            default -> throw new IllegalArgumentException(name);
        };
        StepVerifier.create(call.apply(first))
                .expectSubscription()
                .then(() -> StepVerifier.create(call.apply(second))
                        .verifyErrorSatisfies(e -> assertThat(e)
                                .isExactlyInstanceOf(IllegalStateException.class)
                                .hasMessage(expected + " for incoming data; a StreamReader serves one read at a time: "
                                        + "wait for it to complete (or cancel it) before reading again")))
                .thenCancel()
                .verify();
    }

    @Test
    void aUserHoldingTheReadersMonitorDoesNotBlockTheConnection() {
        StreamReader r = reader(100);
        synchronized (r) {
            // What the event loop does when bytes arrive.
            CompletableFuture<Void> fed = CompletableFuture.runAsync(() -> feed(r, "x"));
            assertThat(fed).succeedsWithin(Duration.ofSeconds(10)); // hang guard only
        }
        assertThat(r.buffered()).isEqualTo(1);
    }

    @Test
    void aCancelledReadConsumesNothing() {
        StreamReader r = reader(100);
        StepVerifier.create(r.readexactly(5))
                .expectSubscription()
                .then(() -> feed(r, "abc"))
                .thenCancel()
                .verify();
        feed(r, "de");
        StepVerifier.create(r.readexactly(5).map(StreamReaderTest::str))
                .expectNext("abcde")
                .verifyComplete();
    }

    @Test
    void chunksReadsUntilEof() {
        StreamReader r = reader(4);
        feed(r, "abcdefghij");
        r.feedEof();
        StepVerifier.create(r.chunks().map(StreamReaderTest::str))
                .expectNext("abcd", "efgh", "ij")
                .verifyComplete();
    }

    // ------------------------------------------------------------ flow control

    @Test
    void stopsRequestingAboveTheLimitAndResumesWhenReadBackDown() {
        StreamReader r = new StreamReader(10);
        Source source = new Source();
        r.attach(source);
        assertThat(source.requests).hasValue(1);
        feed(r, "12345"); // 5 <= 10: asks for more
        assertThat(source.requests).hasValue(2);
        feed(r, "1234567"); // 12 > 10: stops
        assertThat(source.requests).hasValue(2);
        StepVerifier.create(r.read(1)).expectNextCount(1).verifyComplete(); // 11: still above
        assertThat(source.requests).hasValue(2);
        StepVerifier.create(r.read(1)).expectNextCount(1).verifyComplete(); // 10: resumes
        assertThat(source.requests).hasValue(3);
    }

    @Test
    void aWaitingReadResumesReadingEvenAboveTheLimit() {
        StreamReader r = new StreamReader(4);
        Source source = new Source();
        r.attach(source);
        feed(r, "123456"); // above the limit: stops asking
        assertThat(source.requests).hasValue(1);
        StepVerifier.create(r.readexactly(8))
                .expectSubscription()
                .then(() -> assertThat(source.requests)
                        .as("a waiting read asks for more")
                        .hasValue(2))
                .then(() -> feed(r, "78"))
                .expectNextCount(1)
                .verifyComplete();
    }

    // ------------------------------------------------------------ fragmentation

    /**
     * The same byte stream cut at random places (down to 1-byte pieces, separators split across
     * chunks) gives the same reads as when it arrives in one piece.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomFragmentationGivesTheSameResults(long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            int len = random.nextInt(40);
            for (int j = 0; j < len; j++) {
                stream.write('a' + random.nextInt(3)); // 'a'..'c', never a separator byte
            }
            stream.write(random.nextBoolean() ? '\n' : '|');
            if (random.nextInt(5) == 0) {
                stream.write("<>".getBytes(UTF_8), 0, 2);
            }
        }
        byte[] data = stream.toByteArray();
        List<Function<StreamReader, Mono<byte[]>>> script = new ArrayList<>();
        Random ops = new Random(seed * 31);
        for (int i = 0; i < 300; i++) {
            // read(n) returns what happens to be buffered, so it is left out: it is not meant to
            // be independent of how the bytes arrive.
            switch (ops.nextInt(3)) {
                case 0 -> script.add(StreamReader::readline);
                case 1 ->
                    script.add(rd -> rd.readuntil("<>".getBytes(UTF_8))
                            .onErrorResume(
                                    IncompleteReadException.class,
                                    e -> Mono.just(("INCOMPLETE:" + str(e.partial())).getBytes(UTF_8))));
                case 2 -> {
                    int n = 1 + ops.nextInt(40);
                    script.add(rd -> rd.readexactly(n)
                            .onErrorResume(
                                    IncompleteReadException.class,
                                    e -> Mono.just(("INCOMPLETE:" + str(e.partial())).getBytes(UTF_8))));
                }
                default -> throw new AssertionError();
            }
        }
        List<String> whole = runScript(script, data, new int[] {data.length});
        int[] cuts = new int[data.length];
        int count = 0;
        for (int at = 0; at < data.length; ) {
            int piece = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(16);
            piece = Math.min(piece, data.length - at);
            cuts[count++] = piece;
            at += piece;
        }
        List<String> fragmented = runScript(script, data, java.util.Arrays.copyOf(cuts, count));
        assertThat(fragmented).isEqualTo(whole);
    }

    /** Runs the reads while a feeder delivers {@code data} in pieces, one piece whenever a read waits. */
    private static List<String> runScript(
            List<Function<StreamReader, Mono<byte[]>>> script, byte[] data, int[] pieces) {
        StreamReader r = new StreamReader(1 << 20);
        int[] next = {0, 0}; // piece index, offset
        r.attach(() -> {});
        List<String> results = new ArrayList<>();
        for (Function<StreamReader, Mono<byte[]>> op : script) {
            List<byte[]> out = new ArrayList<>();
            List<Throwable> err = new ArrayList<>();
            op.apply(r).subscribe(out::add, err::add);
            while (out.isEmpty() && err.isEmpty()) {
                if (next[0] == pieces.length) {
                    r.feedEof();
                    continue;
                }
                int len = pieces[next[0]++];
                feed(r, java.util.Arrays.copyOfRange(data, next[1], next[1] + len));
                next[1] += len;
            }
            results.add(
                    err.isEmpty()
                            ? str(out.get(0))
                            : "ERROR:" + err.get(0).getClass().getSimpleName());
        }
        return results;
    }
}
