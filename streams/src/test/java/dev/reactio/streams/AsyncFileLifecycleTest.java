package dev.reactio.streams;

import static dev.reactio.streams.FileTesting.GUARD;
import static dev.reactio.streams.FileTesting.assertClosing;
import static dev.reactio.streams.FileTesting.close;
import static dev.reactio.streams.FileTesting.open;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.testsupport.Waiting;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.subscriber.TestSubscriber;

/** {@link AsyncFile}: modes, closing, one operation at a time, cancellation. */
class AsyncFileLifecycleTest {

    @TempDir
    Path dir;

    /** The gate of the file from {@link #gated}. */
    private GatedChannel gate;

    /** A file whose I/O completions the test holds back with {@link #gate}. */
    private AsyncFile gated(String content, String mode, int bufferSize) throws Exception {
        Path path = Files.writeString(dir.resolve("gated.txt"), content);
        GatedChannel[] channel = new GatedChannel[1];
        ChannelFile file = GatedChannel.open(path, mode, bufferSize, channel);
        gate = channel[0];
        return file;
    }

    @Nested
    class NoGlobalRegistry {

        /** Production code keeps no registry of open files: a file the user dropped unclosed is collectable. */
        @Test
        void aFileDroppedUnclosedIsNotRetainedByTheLibrary() throws Exception {
            ChannelFile.Watcher testRegistry = ChannelFile.watcher; // OpenFiles: tests only
            ChannelFile.watcher = null; // as in production
            try {
                WeakReference<AsyncFile> dropped = openAndDrop(dir.resolve("dropped.txt"));
                Waiting.await("the dropped file to be collected").atMost(GUARD).until(() -> {
                    System.gc();
                    return dropped.get() == null;
                });
                assertThat(dropped.get()).as("an unclosed, unreachable file").isNull();
            } finally {
                ChannelFile.watcher = testRegistry;
            }
        }

        private WeakReference<AsyncFile> openAndDrop(Path path) {
            return new WeakReference<>(AsyncFiles.open(path, "w").block(GUARD));
        }
    }

    @Nested
    class WrongMode {

        static Stream<Arguments> refused() {
            return Stream.of(
                    Arguments.of(
                            "w",
                            "read()",
                            (Function<AsyncFile, Publisher<?>>) AsyncFile::read,
                            "read() needs a file opened for reading, but %s was opened with mode 'w'; "
                                    + "open it with 'r' or add '+'"),
                    Arguments.of(
                            "a",
                            "readline()",
                            (Function<AsyncFile, Publisher<?>>) AsyncFile::readline,
                            "readline() needs a file opened for reading, but %s was opened with mode 'a'; "
                                    + "open it with 'r' or add '+'"),
                    Arguments.of(
                            "xb",
                            "readBytes(int)",
                            (Function<AsyncFile, Publisher<?>>) f -> f.readBytes(1),
                            "readBytes(int) needs a file opened for reading, but %s was opened with mode 'xb'; "
                                    + "open it with 'r' or add '+'"),
                    Arguments.of(
                            "r",
                            "write(String)",
                            (Function<AsyncFile, Publisher<?>>) f -> f.write("x"),
                            "write(String) needs a file opened for writing, but %s was opened with mode 'r'; "
                                    + "open it with 'w', 'a', 'x' or 'r+'"),
                    Arguments.of(
                            "rb",
                            "write(byte[])",
                            (Function<AsyncFile, Publisher<?>>) f -> f.write(new byte[1]),
                            "write(byte[]) needs a file opened for writing, but %s was opened with mode 'rb'; "
                                    + "open it with 'w', 'a', 'x' or 'r+'"),
                    Arguments.of(
                            "rb",
                            "readline()",
                            (Function<AsyncFile, Publisher<?>>) AsyncFile::readline,
                            "readline() needs a text-mode file, but %s was opened in binary mode 'rb'; "
                                    + "use readBytes(int) and write(byte[])"),
                    Arguments.of(
                            "r+b",
                            "lines()",
                            (Function<AsyncFile, Publisher<?>>) AsyncFile::lines,
                            "lines() needs a text-mode file, but %s was opened in binary mode 'r+b'; "
                                    + "use readBytes(int) and write(byte[])"),
                    Arguments.of(
                            "wb",
                            "write(String)",
                            (Function<AsyncFile, Publisher<?>>) f -> f.write("x"),
                            "write(String) needs a text-mode file, but %s was opened in binary mode 'wb'; "
                                    + "use readBytes(int) and write(byte[])"),
                    Arguments.of(
                            "r",
                            "readBytes(int)",
                            (Function<AsyncFile, Publisher<?>>) f -> f.readBytes(-1),
                            "readBytes(int) needs a binary-mode file, but %s was opened in text mode 'r'; add 'b' "
                                    + "to the mode, or use read(), readline() and write(String)"),
                    Arguments.of(
                            "w+",
                            "write(byte[])",
                            (Function<AsyncFile, Publisher<?>>) f -> f.write(new byte[1]),
                            "write(byte[]) needs a binary-mode file, but %s was opened in text mode 'w+'; add 'b' "
                                    + "to the mode, or use read(), readline() and write(String)"));
        }

        @ParameterizedTest(name = "{1} on mode ''{0}''")
        @MethodSource("refused")
        void anOperationTheModeNeverAllowsErrorsWithUnsupportedOperationException(
                String mode, String name, Function<AsyncFile, Publisher<?>> operation, String message)
                throws Exception {
            Path path = dir.resolve("f");
            if (!mode.startsWith("x")) {
                Files.writeString(path, "content\n");
            }
            AsyncFile f = open(path, mode);
            Publisher<?> refused = operation.apply(f); // cold: nothing thrown here
            StepVerifier.create(refused)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(UnsupportedOperationException.class)
                            .hasMessage(message, path))
                    .verify(GUARD);
            close(f);
        }
    }

    @Nested
    class Closing {

        @Test
        void operationsAfterCloseErrorWithIllegalStateException() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "abc");
            AsyncFile f = open(path, "r+");
            close(f);
            f.readline()
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("readline() on a closed file: " + path))
                    .verify(GUARD);
            f.write("x").as(StepVerifier::create).verifyError(IllegalStateException.class);
            f.seek(0).as(StepVerifier::create).verifyError(IllegalStateException.class);
            f.lines().as(StepVerifier::create).verifyError(IllegalStateException.class);
            assertThatThrownBy(f::tell)
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("tell() on a closed file: " + path);
        }

        @Test
        void acloseClosesTheChannel() throws Exception {
            AsyncFile f = open(dir.resolve("f.txt"), "w");
            ChannelFile file = (ChannelFile) f;
            assertThat(file.channel.isOpen()).isTrue();
            assertThat(OpenFiles.OPEN).contains(file);
            f.aclose().as(StepVerifier::create).verifyComplete();
            assertThat(file.channel.isOpen()).isFalse();
            assertThat(OpenFiles.OPEN).doesNotContain(file);
        }

        @Test
        void acloseIsColdAndIdempotent() throws Exception {
            AsyncFile f = open(dir.resolve("f.txt"), "w");
            Mono<Void> close = f.aclose();
            f.write("still open").as(StepVerifier::create).verifyComplete();
            close.then(f.aclose()).then(close).as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(dir.resolve("f.txt"))).isEqualTo("still open");
        }

        @Test
        void acloseWaitsForTheOperationInProgress() throws Exception {
            AsyncFile f = gated("first\nsecond\n", "r", 8192);
            gate.closeGate();
            TestSubscriber<String> line = TestSubscriber.create();
            f.readline().subscribe(line);
            gate.awaitHeld(1);
            TestSubscriber<Void> closed = TestSubscriber.create();
            f.aclose().subscribe(closed);
            assertThat(closed.isTerminated()).isFalse();
            assertThat(((ChannelFile) f).channel.isOpen()).isTrue();
            gate.openGate();
            line.block(GUARD);
            assertThat(line.getReceivedOnNext()).containsExactly("first\n");
            closed.block(GUARD);
            assertThat(closed.isTerminatedComplete()).isTrue();
            assertThat(((ChannelFile) f).channel.isOpen()).isFalse();
        }

        @Test
        void cancellingAUsingScopeClosesTheFileOnceTheIoInFlightIsDone() throws Exception {
            ChannelFile f = (ChannelFile) gated("first\nsecond\n", "r", 8192);
            gate.closeGate();
            TestSubscriber<String> body = TestSubscriber.create();
            Aio.using(Mono.just(f), AsyncFile::readline).subscribe(body);
            gate.awaitHeld(1);
            body.cancel();
            assertThat(f.closeRequested()).isTrue();
            assertThat(f.channel.isOpen())
                    .as("the read in flight still owns the buffer")
                    .isTrue();
            gate.openGate();
            assertClosing(f);
        }
    }

    @Nested
    class OneAtATime {

        @Test
        void aSecondOperationWhileOneRunsErrorsWithIllegalStateException() throws Exception {
            AsyncFile f = gated("first\nsecond\n", "r", 8192);
            Path path = ((ChannelFile) f).path;
            gate.closeGate();
            TestSubscriber<String> first = TestSubscriber.create();
            f.readline().subscribe(first);
            f.read()
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("another operation is in progress on " + path + ": read() cannot start before "
                                    + "readline() completes; an AsyncFile runs one operation at a time, like aiofiles, "
                                    + "so chain them (then, concatMap)"))
                    .verify(GUARD);
            assertThatThrownBy(f::tell)
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("another operation is in progress on " + path + ": tell() cannot start");
            gate.openGate();
            first.block(GUARD);
            assertThat(first.getReceivedOnNext()).containsExactly("first\n");
            f.readline().as(StepVerifier::create).expectNext("second\n").verifyComplete();
            close(f);
        }

        @Test
        void aUserHoldingTheFilesMonitorDoesNotBlockIt() throws Exception {
            AsyncFile f = open(Files.writeString(dir.resolve("f.txt"), "abc"), "r");
            synchronized (f) {
                CompletableFuture<Long> tell = CompletableFuture.supplyAsync(f::tell);
                assertThat(tell).succeedsWithin(GUARD).isEqualTo(0L); // hang guard only
            }
            close(f);
        }

        @Test
        void anOperationAfterACancelledOneWaitsForItsLastIo() throws Exception {
            AsyncFile f = gated("first\nsecond\n", "r", 8192);
            gate.closeGate();
            TestSubscriber<String> cancelled = TestSubscriber.create();
            f.readline().subscribe(cancelled);
            cancelled.cancel();
            TestSubscriber<String> next = TestSubscriber.create();
            f.readline().subscribe(next);
            assertThat(next.isTerminated()).as("waits instead of failing").isFalse();
            assertThatThrownBy(f::tell).hasMessageStartingWith("another operation is in progress");
            gate.openGate();
            next.block(GUARD);
            assertThat(next.getReceivedOnNext()).containsExactly("first\n");
            assertThat(cancelled.getReceivedOnNext()).isEmpty();
            close(f);
        }

        @Test
        void onlyOneOperationWaitsForACancelledOne() throws Exception {
            AsyncFile f = gated("first\nsecond\n", "r", 8192);
            gate.closeGate();
            TestSubscriber<String> cancelled = TestSubscriber.create();
            f.readline().subscribe(cancelled);
            cancelled.cancel();
            TestSubscriber<String> waiting = TestSubscriber.create();
            f.readline().subscribe(waiting);
            f.readline().as(StepVerifier::create).verifyError(IllegalStateException.class);
            gate.openGate();
            waiting.block(GUARD);
            assertThat(waiting.getReceivedOnNext()).containsExactly("first\n");
            close(f);
        }
    }

    @Nested
    class Cancellation {

        static Stream<Arguments> reads() {
            return Stream.of(
                    Arguments.of("r", (Function<AsyncFile, Mono<?>>) AsyncFile::readline),
                    Arguments.of("r", (Function<AsyncFile, Mono<?>>) AsyncFile::read),
                    Arguments.of(
                            "r", (Function<AsyncFile, Mono<?>>) f -> f.lines().next()),
                    Arguments.of("rb", (Function<AsyncFile, Mono<?>>) f -> f.readBytes(-1)),
                    Arguments.of("rb", (Function<AsyncFile, Mono<?>>) f -> f.readBytes(1_000)));
        }

        @ParameterizedTest(name = "[{index}] mode ''{0}''")
        @MethodSource("reads")
        void aCancelledReadGoesBackToWhereItBegan(String mode, Function<AsyncFile, Mono<?>> read) throws Exception {
            AsyncFile f = gated("ab\n" + "x".repeat(100) + "\n", mode, 8);
            Mono<?> skip = mode.equals("rb") ? f.readBytes(3) : f.readline(); // and read ahead 5 more bytes
            skip.as(StepVerifier::create).expectNextCount(1).verifyComplete();
            gate.closeGate();
            TestSubscriber<Object> reader = TestSubscriber.create();
            read.apply(f).subscribe(reader); // takes the 5 bytes read ahead, then waits for a read
            gate.awaitHeld(1);
            reader.cancel();
            gate.openGate();
            assertThat(f.tell()).isEqualTo(3);
            assertThat(reader.getReceivedOnNext()).isEmpty();
            close(f);
        }

        @Test
        void aCancelledWriteKeepsWhatReachedTheFileAndTellCountsExactlyThat() throws Exception {
            AsyncFile f = gated("", "wb", 16);
            Path path = ((ChannelFile) f).path;
            byte[] data = new byte[1024 * 1024];
            Arrays.fill(data, (byte) 'x');
            f.write(new byte[] {'a'}).as(StepVerifier::create).verifyComplete(); // buffered
            gate.closeGate();
            TestSubscriber<Void> writer = TestSubscriber.create();
            f.write(data).subscribe(writer);
            gate.awaitHeld(1);
            gate.step(); // 'a' was written out; now the first 64 KiB of data
            gate.awaitHeld(1);
            gate.step(); // and the next 64 KiB
            gate.awaitHeld(1);
            writer.cancel();
            gate.openGate(); // this 64 KiB completes, and the write stops there
            assertThat(f.tell()).isEqualTo(1 + 2 * ChannelFile.MIN_IO_SIZE);
            close(f);
            byte[] content = Files.readAllBytes(path);
            assertThat(content).hasSize(1 + 2 * ChannelFile.MIN_IO_SIZE);
            assertThat(content[0]).isEqualTo((byte) 'a');
            assertThat(Arrays.copyOfRange(content, 1, content.length)).containsOnly('x');
        }

        @Test
        void aCancelledFlushKeepsWhatItDidNotWriteBuffered() throws Exception {
            AsyncFile f = gated("", "wb", 64);
            Path path = ((ChannelFile) f).path;
            gate.maxWrite(10);
            byte[] data = new byte[50];
            Arrays.fill(data, (byte) 'd');
            f.write(data).as(StepVerifier::create).verifyComplete(); // buffered
            gate.closeGate();
            TestSubscriber<Void> flush = TestSubscriber.create();
            f.flush().subscribe(flush);
            gate.awaitHeld(1); // a short write of 10 bytes
            flush.cancel();
            gate.openGate();
            assertThat(f.tell()).isEqualTo(50);
            assertThat(Files.size(path)).isEqualTo(10);
            close(f); // writes out the other 40
            assertThat(Files.readAllBytes(path)).isEqualTo(data);
        }

        @Test
        void aReadCancelledWhileWritingOutPendingBytesKeepsTheRestBuffered() throws Exception {
            AsyncFile f = gated("", "w+b", 64);
            Path path = ((ChannelFile) f).path;
            gate.maxWrite(10);
            byte[] data = new byte[50];
            Arrays.fill(data, (byte) 'd');
            f.write(data).as(StepVerifier::create).verifyComplete(); // buffered
            gate.closeGate();
            TestSubscriber<byte[]> read = TestSubscriber.create();
            f.readBytes(-1).subscribe(read); // writes out the buffer first
            gate.awaitHeld(1);
            read.cancel();
            gate.openGate();
            assertThat(f.tell()).isEqualTo(50);
            close(f);
            assertThat(Files.readAllBytes(path)).isEqualTo(data);
        }

        @Test
        void cancellingLinesMidwayClosesTheFile() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "a\nb\nc\n");
            ChannelFile[] file = new ChannelFile[1];
            StepVerifier.create(AsyncFiles.lines(path), 1)
                    .expectNext("a")
                    .then(() -> file[0] = FileTesting.openOn(path).get(0))
                    .thenCancel()
                    .verify(GUARD);
            assertClosing(file[0]);
        }

        @Test
        void aFileOpenedButNotYetDeliveredIsClosedWhenTheSubscriberCancels() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "a");
            TestSubscriber<AsyncFile> subscriber =
                    TestSubscriber.builder().initialRequest(0).build();
            MonoOpenFile.Opening opening = new MonoOpenFile.Opening(subscriber, path, OpenMode.parse("r"), UTF_8, 8192);
            subscriber.onSubscribe(opening);
            opening.run(); // the worker thread's part: opens, and holds the file until requested
            ChannelFile file = FileTesting.openOn(path).get(0);
            subscriber.cancel();
            assertClosing(file);
            assertThat(subscriber.getReceivedOnNext()).isEmpty();
        }

        @Test
        void aFileWhoseSubscriberCancelledBeforeItOpenedIsNeverOpened() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "a");
            TestSubscriber<AsyncFile> subscriber = TestSubscriber.create();
            MonoOpenFile.Opening opening = new MonoOpenFile.Opening(subscriber, path, OpenMode.parse("r"), UTF_8, 8192);
            subscriber.onSubscribe(opening);
            subscriber.cancel();
            opening.run();
            assertThat(FileTesting.openOn(path)).isEmpty();
            assertThat(subscriber.getReceivedOnNext()).isEmpty();
        }
    }

    /**
     * Whatever an operation throws where the JDK would lose it (the channel's completion
     * handlers, the open and close workers), {@code Error}s included, ends its {@code Mono} and
     * frees the file.
     */
    @Nested
    class ErrorsInCallbacks {

        // gh-issue "Concurrency correctness", item 3: an OutOfMemoryError in the completion handler hung readBytes(-1)
        @ParameterizedTest(name = "allocation #{0} fails")
        @ValueSource(ints = {0, 1}) // 0: on the subscribing thread; 1: growing the result, in the completion handler
        void anOutOfMemoryErrorAllocatingTheResultFailsTheReadAndFreesTheFile(int failing) throws Exception {
            byte[] content = new byte[200 * 1024]; // more than the first allocation (64 KiB) holds
            new Random(42).nextBytes(content);
            Path path = Files.write(dir.resolve("big.bin"), content);
            ChannelFile file = (ChannelFile) open(path, "rb");
            AtomicInteger allocations = new AtomicInteger();
            file.allocator(capacity -> {
                if (allocations.getAndIncrement() == failing) {
                    throw new OutOfMemoryError("Java heap space (test)");
                }
                return ByteBuffer.allocate(capacity);
            });

            file.readBytes(-1)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(OutOfMemoryError.class)
                            .hasMessage("Java heap space (test)"))
                    .verify(GUARD);

            assertThat(file.tell())
                    .as("the failed read went back to where it began")
                    .isZero();
            assertThat(file.readBytes(-1).block(GUARD)).isEqualTo(content);
            close(file);
            assertThat(OpenFiles.OPEN).doesNotContain(file);
        }

        // gh-issue "Concurrency correctness", item 3: the same for read() of a text file
        @Test
        void anOutOfMemoryErrorWhileDecodingFailsReadAndFreesTheFile() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "some text");
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space (test)");
            AsyncFile file = open(path, "r", new FailingCharset(false, oom), 4);

            file.read()
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e).isSameAs(oom))
                    .verify(GUARD);

            assertThat(file.tell()).isZero();
            close(file);
            assertThat(FileTesting.openOn(path)).isEmpty();
        }

        @Test
        void anErrorCreatingTheFileIsSignalledAndTheChannelClosed() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "a");
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space (test)");

            AsyncFiles.open(path, "r", new FailingCharset(true, oom))
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e).isSameAs(oom))
                    .verify(GUARD);
            assertThat(FileTesting.openOn(path)).isEmpty();
        }

        @Test
        void anErrorClosingTheChannelFailsAcloseInsteadOfHangingIt() throws Exception {
            ChannelFile file = (ChannelFile) gated("a", "r", 8192);
            InternalError failure = new InternalError("close failed (test)");
            gate.failClose(failure);

            file.aclose()
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e).isSameAs(failure))
                    .verify(GUARD);
            assertThat(file.channel.isOpen()).isFalse();
            assertThat(OpenFiles.OPEN).doesNotContain(file);
        }
    }
}
