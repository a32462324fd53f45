package dev.reactio.streams;

import static dev.reactio.streams.FileTesting.GUARD;
import static dev.reactio.streams.FileTesting.assertClosing;
import static dev.reactio.streams.FileTesting.openOn;
import static dev.reactio.streams.FileTesting.using;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.testsupport.Waiting;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** {@link AsyncFiles}: opening in every mode, and the whole-file helpers. */
class AsyncFilesTest {

    @TempDir
    Path dir;

    private Path existing(String content) throws Exception {
        return Files.writeString(dir.resolve("existing.txt"), content);
    }

    @Nested
    class Modes {

        @Test
        void rReadsAnExistingFile() throws Exception {
            assertThat(using(existing("hello"), "r", AsyncFile::read)).isEqualTo("hello");
        }

        @Test
        void rOnAMissingFileErrorsWithNoSuchFileException() {
            AsyncFiles.open(dir.resolve("missing.txt"), "r")
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
        }

        // gh-12: a directory fails at open, as Python's IsADirectoryError does, not at the first read
        @ParameterizedTest
        @ValueSource(strings = {"r", "rb", "r+", "w", "a"})
        void aDirectoryFailsAtOpenNamingThePath(String mode) {
            AsyncFiles.open(dir, mode)
                    .as(StepVerifier::create)
                    .verifyErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(FileSystemException.class, fse -> {
                        assertThat(fse.getFile()).isEqualTo(dir.toString());
                        assertThat(fse).hasMessage(dir + ": Is a directory");
                    }));
            assertThat(openOn(dir)).isEmpty();
        }

        @Test
        void wCreatesAMissingFile() throws Exception {
            Path path = dir.resolve("new.txt");
            using(path, "w", f -> f.write("created"));
            assertThat(Files.readString(path)).isEqualTo("created");
        }

        @Test
        void wTruncatesAnExistingFile() throws Exception {
            Path path = existing("a long old content");
            using(path, "w", f -> f.write("new"));
            assertThat(Files.readString(path)).isEqualTo("new");
        }

        @Test
        void wInAMissingDirectoryErrorsWithNoSuchFileException() {
            AsyncFiles.open(dir.resolve("no/such/dir.txt"), "w")
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
        }

        @Test
        void aAppendsToAnExistingFileAndTellStartsAtTheEnd() throws Exception {
            Path path = existing("old\n");
            using(path, "a", f -> {
                assertThat(f.tell()).isEqualTo(4);
                return f.write("new\n").then(Mono.fromCallable(f::tell));
            });
            assertThat(Files.readString(path)).isEqualTo("old\nnew\n");
        }

        @Test
        void aCreatesAMissingFile() throws Exception {
            Path path = dir.resolve("new.txt");
            using(path, "a", f -> f.write("x"));
            assertThat(Files.readString(path)).isEqualTo("x");
        }

        @Test
        void aPlusReadsFromTheSeekPositionButWritesAtTheEnd() throws Exception {
            Path path = existing("line1\nline2\n");
            String first = using(
                    path,
                    "a+",
                    f -> f.seek(0)
                            .then(f.readline())
                            .flatMap(line -> f.write("line3\n").thenReturn(line)));
            assertThat(first).isEqualTo("line1\n");
            assertThat(Files.readString(path)).isEqualTo("line1\nline2\nline3\n");
        }

        @Test
        void aWritesAtTheEndEvenWhenTheFileGrewMeanwhile() throws Exception {
            Path path = existing("1\n");
            using(
                    path,
                    "a",
                    f -> f.write("2\n")
                            .then(f.flush())
                            .then(Mono.fromCallable(
                                    () -> Files.writeString(path, "3\n", java.nio.file.StandardOpenOption.APPEND)))
                            .then(f.write("4\n")));
            assertThat(Files.readString(path)).isEqualTo("1\n2\n3\n4\n");
        }

        @Test
        void xCreatesANewFile() throws Exception {
            Path path = dir.resolve("new.txt");
            using(path, "x", f -> f.write("exclusive"));
            assertThat(Files.readString(path)).isEqualTo("exclusive");
        }

        @Test
        void xOnAnExistingFileErrorsWithFileAlreadyExistsException() throws Exception {
            Path path = existing("keep me");
            AsyncFiles.open(path, "x").as(StepVerifier::create).verifyError(FileAlreadyExistsException.class);
            assertThat(Files.readString(path)).isEqualTo("keep me");
        }

        @Test
        void rbReadsBytes() throws Exception {
            Path path = Files.write(dir.resolve("f.bin"), new byte[] {1, 2, 3});
            byte[] read = using(path, "rb", f -> f.readBytes(-1));
            assertThat(read).containsExactly(1, 2, 3);
        }

        @Test
        void wbTruncatesAndWritesBytes() throws Exception {
            Path path = Files.write(dir.resolve("f.bin"), new byte[] {9, 9, 9, 9});
            using(path, "wb", f -> f.write(new byte[] {1, 2}));
            assertThat(Files.readAllBytes(path)).containsExactly(1, 2);
        }

        @Test
        void abAppendsBytes() throws Exception {
            Path path = Files.write(dir.resolve("f.bin"), new byte[] {1});
            using(path, "ab", f -> f.write(new byte[] {2}));
            assertThat(Files.readAllBytes(path)).containsExactly(1, 2);
        }

        @Test
        void xbCreatesABinaryFile() throws Exception {
            Path path = dir.resolve("f.bin");
            using(path, "xb", f -> f.write(new byte[] {5}));
            assertThat(Files.readAllBytes(path)).containsExactly(5);
        }

        @Test
        void rPlusKeepsTheContentAndOverwritesInPlace() throws Exception {
            Path path = existing("abcdef");
            String rest = using(path, "r+", f -> f.write("XY").then(f.read()));
            assertThat(rest).isEqualTo("cdef");
            assertThat(Files.readString(path)).isEqualTo("XYcdef");
        }

        @Test
        void rPlusOnAMissingFileErrorsWithNoSuchFileException() {
            AsyncFiles.open(dir.resolve("missing.txt"), "r+")
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
        }

        @Test
        void wPlusTruncatesAndReadsBackWhatItWrote() throws Exception {
            Path path = existing("old content");
            String read = using(path, "w+", f -> f.write("new").then(f.seek(0)).then(f.read()));
            assertThat(read).isEqualTo("new");
        }

        @Test
        void xPlusCreatesAndReadsBack() throws Exception {
            Path path = dir.resolve("new.txt");
            String read = using(path, "x+", f -> f.write("both").then(f.seek(1)).then(f.read()));
            assertThat(read).isEqualTo("oth");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"r+b", "rb+", "br+", "+rb"})
        void theLettersOfAModeMayComeInAnyOrder(String mode) throws Exception {
            Path path = Files.write(dir.resolve("f.bin"), new byte[] {1, 2, 3});
            using(path, mode, f -> f.write(new byte[] {7}));
            assertThat(Files.readAllBytes(path)).containsExactly(7, 2, 3);
        }

        @Test
        void tIsTextExplicitly() throws Exception {
            assertThat(using(existing("text"), "rt", AsyncFile::read)).isEqualTo("text");
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"", "q", "rw", "rr", "r++", "rbt", "bt", "b", "+", "R", "rU", " r"})
        void anUnknownModeErrorsWithIllegalArgumentExceptionNamingTheAllowedOnes(String mode) {
            Mono<AsyncFile> open = AsyncFiles.open(dir.resolve("f.txt"), mode); // cold: nothing thrown here
            open.as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("mode '" + mode + "' is not a file mode: use one of r, w, a or x, optionally "
                                    + "with + (read and write) and b (binary) or t (text, the default), such as 'r', "
                                    + "'rb', 'r+', 'r+b', 'w', 'wb', 'w+', 'a', 'ab', 'a+', 'x', 'xb' or 'x+'"))
                    .verify(GUARD);
            assertThat(Files.exists(dir.resolve("f.txt"))).isFalse();
        }

        @Test
        void aBinaryModeTakesNoCharset() {
            AsyncFiles.open(dir.resolve("f.bin"), "wb", ISO_8859_1)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("mode 'wb' is binary, so it takes no charset, but ISO-8859-1 was given; "
                                    + "drop the charset or open in text mode"))
                    .verify(GUARD);
        }

        @Test
        void aCharsetThatCanOnlyDecodeReadsButDoesNotWrite() throws Exception {
            Charset decodeOnly = Charset.forName("x-JISAutoDetect");
            assertThat(decodeOnly.canEncode()).isFalse();
            Path path = existing("plain\n");
            AsyncFiles.open(path, "r+", decodeOnly)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("charset x-JISAutoDetect can only decode, but mode 'r+' writes; "
                                    + "open the file with 'r'"))
                    .verify(GUARD);
            Aio.using(AsyncFiles.open(path, "r", decodeOnly), AsyncFile::readline)
                    .as(StepVerifier::create)
                    .expectNext("plain\n")
                    .verifyComplete();
        }

        @Test
        void openIsColdAndOnlyNullArgumentsThrowAtCallTime() {
            Mono<AsyncFile> open = AsyncFiles.open(dir.resolve("created-on-subscribe.txt"), "w");
            assertThat(Files.exists(dir.resolve("created-on-subscribe.txt"))).isFalse();
            open.flatMap(AsyncFile::aclose).as(StepVerifier::create).verifyComplete();
            assertThat(Files.exists(dir.resolve("created-on-subscribe.txt"))).isTrue();
            assertThatThrownBy(() -> AsyncFiles.open(null, "r"))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("path");
            assertThatThrownBy(() -> AsyncFiles.open(dir, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("mode");
            assertThatThrownBy(() -> AsyncFiles.open(dir, "r", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("charset");
        }
    }

    @Nested
    class WholeFiles {

        @Test
        void readStringReadsTheWholeFileAndClosesIt() throws Exception {
            Path path = existing("all\nof\nit");
            AsyncFiles.readString(path)
                    .as(StepVerifier::create)
                    .expectNext("all\nof\nit")
                    .verifyComplete();
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void readStringInACharset() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "grüße", UTF_16);
            AsyncFiles.readString(path, UTF_16)
                    .as(StepVerifier::create)
                    .expectNext("grüße")
                    .verifyComplete();
        }

        @Test
        void readStringOfAMissingFileErrorsWithNoSuchFileException() {
            AsyncFiles.readString(dir.resolve("missing"))
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
        }

        @Test
        void readStringOfInvalidUtf8ErrorsWithMalformedInputExceptionAndClosesTheFile() throws Exception {
            Path path = Files.write(dir.resolve("bad.txt"), new byte[] {'a', (byte) 0xC3});
            AsyncFiles.readString(path).as(StepVerifier::create).verifyError(MalformedInputException.class);
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void writeStringCreatesOrTruncatesAndCompletesOnceClosed() throws Exception {
            Path path = existing("previous, longer content");
            AsyncFiles.writeString(path, "now").as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(path)).isEqualTo("now");
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void writeStringInACharset() throws Exception {
            Path path = dir.resolve("f.txt");
            AsyncFiles.writeString(path, "é", ISO_8859_1)
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly(0xE9);
        }

        @Test
        void writeStringOfUnencodableTextErrorsAndLeavesTheFileEmpty() throws Exception {
            Path path = dir.resolve("f.txt");
            AsyncFiles.writeString(path, "€", ISO_8859_1)
                    .as(StepVerifier::create)
                    .verifyError(UnmappableCharacterException.class);
            assertThat(Files.readAllBytes(path)).isEmpty();
        }

        @Test
        void linesReadsLikeFilesLinesAndClosesTheFile() throws Exception {
            Path path = existing("a\r\nb\n\nc");
            AsyncFiles.lines(path)
                    .as(StepVerifier::create)
                    .expectNext("a", "b", "", "c")
                    .verifyComplete();
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void linesInACharset() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "ä\nö", ISO_8859_1);
            AsyncFiles.lines(path, ISO_8859_1)
                    .as(StepVerifier::create)
                    .expectNext("ä", "ö")
                    .verifyComplete();
        }

        @Test
        void linesOfAMissingFileErrorsWithNoSuchFileException() {
            AsyncFiles.lines(dir.resolve("missing")).as(StepVerifier::create).verifyError(NoSuchFileException.class);
        }
    }

    @Nested
    class ReadChunks {

        private Path bytes(int n) throws Exception {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) i;
            }
            return Files.write(dir.resolve("f.bin"), b);
        }

        private static List<Integer> sizes(List<ByteBuffer> chunks) {
            return chunks.stream().map(ByteBuffer::remaining).toList();
        }

        @Test
        void everyChunkIsFullButTheLast() throws Exception {
            Path path = bytes(10);
            List<ByteBuffer> chunks =
                    AsyncFiles.readChunks(path, 4).collectList().block(GUARD);
            assertThat(sizes(chunks)).containsExactly(4, 4, 2);
            assertThat(chunks.get(2).get(0)).isEqualTo((byte) 8);
            assertThat(chunks).allSatisfy(c -> assertThat(c.position()).isZero());
        }

        @Test
        void aFileOfWholeChunksEndsWithoutAnEmptyOne() throws Exception {
            assertThat(sizes(AsyncFiles.readChunks(bytes(8), 4).collectList().block(GUARD)))
                    .containsExactly(4, 4);
        }

        @Test
        void anEmptyFileHasNoChunks() throws Exception {
            AsyncFiles.readChunks(bytes(0), 4).as(StepVerifier::create).verifyComplete();
        }

        @Test
        void chunksLargerThanOneIoAreFilledWhole() throws Exception {
            Path path = bytes(300_000);
            List<ByteBuffer> chunks =
                    AsyncFiles.readChunks(path, 200_000).collectList().block(GUARD);
            assertThat(sizes(chunks)).containsExactly(200_000, 100_000);
            ByteBuffer all = ByteBuffer.allocate(300_000);
            chunks.forEach(all::put);
            assertThat(all.array()).isEqualTo(Files.readAllBytes(path));
        }

        @Test
        void eachChunkIsANewBufferTheSubscriberOwns() throws Exception {
            List<ByteBuffer> chunks =
                    AsyncFiles.readChunks(bytes(12), 4).collectList().block(GUARD);
            assertThat(chunks.get(0).array()).isNotSameAs(chunks.get(1).array());
            assertThat(chunks.get(0).get(0)).isEqualTo((byte) 0);
            assertThat(chunks.get(1).get(0)).isEqualTo((byte) 4);
        }

        @Test
        void aChunkIsReadOnlyWhenRequested() throws Exception {
            Path path = bytes(40);
            StepVerifier.create(AsyncFiles.readChunks(path, 4), 2)
                    .expectNextCount(2)
                    .then(() -> assertThat(openOn(path).get(0).tell()).isEqualTo(8))
                    .thenRequest(1)
                    .expectNextCount(1)
                    .then(() -> assertThat(openOn(path).get(0).tell()).isEqualTo(12))
                    .thenCancel()
                    .verify(GUARD);
        }

        @Test
        void cancellingMidwayClosesTheChannel() throws Exception {
            Path path = bytes(100);
            ChannelFile[] file = new ChannelFile[1];
            StepVerifier.create(AsyncFiles.readChunks(path, 10), 1)
                    .expectNextCount(1)
                    .then(() -> file[0] = openOn(path).get(0))
                    .thenCancel()
                    .verify(GUARD);
            assertClosing(file[0]);
        }

        @Test
        void aNonPositiveChunkSizeErrorsWhenSubscribed() throws Exception {
            Flux<ByteBuffer> chunks = AsyncFiles.readChunks(bytes(1), 0); // cold: nothing thrown here
            chunks.as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("chunkSize must be positive, but was 0"))
                    .verify(GUARD);
        }

        @Test
        void aMissingFileErrorsWithNoSuchFileException() {
            AsyncFiles.readChunks(dir.resolve("missing"), 4)
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
        }
    }

    @Nested
    class WritePublisher {

        private static ByteBuffer buffer(String s) {
            return ByteBuffer.wrap(s.getBytes(ISO_8859_1));
        }

        @Test
        void writesEveryBufferAndReturnsTheByteCount() throws Exception {
            Path path = existing("old content that is longer");
            AsyncFiles.write(path, Flux.just(buffer("one "), buffer(""), buffer("two")))
                    .as(StepVerifier::create)
                    .expectNext(7L)
                    .verifyComplete();
            assertThat(Files.readString(path)).isEqualTo("one two");
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void requestsTheNextBufferOnlyAfterThePreviousOneWasWritten() throws Exception {
            Path path = dir.resolve("out.bin");
            AtomicLong outstanding = new AtomicLong();
            List<Long> requests = new ArrayList<>();
            List<Long> maxOutstanding = new ArrayList<>();
            Flux<ByteBuffer> data = Flux.range(0, 50)
                    .map(i -> ByteBuffer.allocate(100_000))
                    .doOnRequest(n -> {
                        requests.add(n);
                        maxOutstanding.add(outstanding.addAndGet(n));
                    })
                    .doOnNext(b -> outstanding.decrementAndGet());
            AsyncFiles.write(path, data)
                    .as(StepVerifier::create)
                    .expectNext(5_000_000L)
                    .verifyComplete();
            assertThat(requests).hasSizeGreaterThanOrEqualTo(50).containsOnly(1L);
            assertThat(maxOutstanding).containsOnly(1L);
            assertThat(Files.size(path)).isEqualTo(5_000_000L);
        }

        @Test
        void withATestPublisherNoMoreThanOneBufferIsEverRequested() throws Exception {
            Path path = dir.resolve("out.txt");
            TestPublisher<ByteBuffer> data = TestPublisher.create();
            StepVerifier verifier = StepVerifier.create(AsyncFiles.write(path, data))
                    .expectNext(6L)
                    .expectComplete()
                    .verifyLater();
            for (String s : new String[] {"ab", "cd", "ef"}) {
                awaitRequest(data);
                data.assertMaxRequested(1);
                data.next(buffer(s));
            }
            awaitRequest(data);
            data.complete();
            verifier.verify(GUARD);
            assertThat(Files.readString(path)).isEqualTo("abcdef");
        }

        /** The request for the next buffer comes from the write's completion, on another thread. */
        private void awaitRequest(TestPublisher<ByteBuffer> data) {
            Waiting.await("the next buffer to be requested")
                    .atMost(GUARD)
                    .untilAsserted(() -> data.assertMinRequested(1));
        }

        @Test
        void aBufferMayBeReusedOnceTheNextOneIsRequested() throws Exception {
            Path path = dir.resolve("out.txt");
            ByteBuffer shared = ByteBuffer.allocate(1);
            Flux<ByteBuffer> data = Flux.just("x", "y", "z")
                    .map(s -> shared.clear().put((byte) s.charAt(0)).flip());
            AsyncFiles.write(path, data).as(StepVerifier::create).expectNext(3L).verifyComplete();
            assertThat(Files.readString(path)).isEqualTo("xyz");
        }

        @Test
        void theBuffersAreNotChanged() throws Exception {
            ByteBuffer b = buffer("abc");
            AsyncFiles.write(dir.resolve("out.txt"), Mono.just(b))
                    .as(StepVerifier::create)
                    .expectNext(3L)
                    .verifyComplete();
            assertThat(b.position()).isZero();
            assertThat(b.remaining()).isEqualTo(3);
        }

        @Test
        void theSourcesErrorEndsItAfterClosingTheFileWithWhatWasWritten() throws Exception {
            Path path = dir.resolve("out.txt");
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncFiles.write(path, Flux.concat(Mono.just(buffer("kept")), Mono.error(boom)))
                    .as(StepVerifier::create)
                    .verifyErrorSatisfies(e -> assertThat(e).isSameAs(boom));
            assertThat(Files.readString(path)).isEqualTo("kept");
            assertThat(openOn(path)).isEmpty();
        }

        @Test
        void cancellingCancelsTheSourceAndClosesTheFile() throws Exception {
            Path path = dir.resolve("out.txt");
            TestPublisher<ByteBuffer> data = TestPublisher.create();
            ChannelFile[] file = new ChannelFile[1];
            StepVerifier.create(AsyncFiles.write(path, data))
                    .then(() -> awaitRequest(data))
                    .then(() -> data.next(buffer("partial")))
                    .then(() -> awaitRequest(data))
                    .then(() -> file[0] = openOn(path).get(0))
                    .thenCancel()
                    .verify(GUARD);
            data.assertCancelled();
            assertClosing(file[0]);
            assertThat(Files.readString(path)).isEqualTo("partial");
        }

        @Test
        void aMissingDirectoryErrorsWithNoSuchFileExceptionWithoutSubscribingTheSource() {
            TestPublisher<ByteBuffer> data = TestPublisher.create();
            AsyncFiles.write(dir.resolve("no/such/f.bin"), data)
                    .as(StepVerifier::create)
                    .verifyError(NoSuchFileException.class);
            data.assertWasNotSubscribed();
        }

        @Test
        void copiesAFileChunkByChunk() throws Exception {
            byte[] content = new byte[300_001];
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) (i % 251);
            }
            Path original = Files.write(dir.resolve("original.bin"), content);
            Path copy = dir.resolve("copy.bin");
            Mono<Long> copied = AsyncFiles.write(copy, AsyncFiles.readChunks(original, 64 * 1024));
            copied.as(StepVerifier::create).expectNext(300_001L).verifyComplete();
            assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        }
    }

    @Nested
    class Scoping {

        @Test
        void aioUsingClosesTheFileWhenTheBodyFails() throws Exception {
            Path path = existing("x");
            IllegalStateException boom = new IllegalStateException("boom");
            List<ChannelFile> seen = new ArrayList<>();
            Aio.using(AsyncFiles.open(path, "r"), f -> {
                        seen.add((ChannelFile) f);
                        return Mono.<String>error(boom);
                    })
                    .as(StepVerifier::create)
                    .verifyErrorSatisfies(e -> assertThat(e).isSameAs(boom));
            assertClosing(seen.get(0));
        }
    }
}
