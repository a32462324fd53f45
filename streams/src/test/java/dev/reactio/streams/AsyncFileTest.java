package dev.reactio.streams;

import static dev.reactio.streams.FileTesting.GUARD;
import static dev.reactio.streams.FileTesting.close;
import static dev.reactio.streams.FileTesting.open;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** {@link AsyncFile}: reading, writing, buffering, tell and seek. */
class AsyncFileTest {

    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("f.txt"), content);
    }

    private Path file(byte[] content) throws Exception {
        return Files.write(dir.resolve("f.bin"), content);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Nested
    class Read {

        @Test
        void readReturnsTheRestOfTheFile() throws Exception {
            AsyncFile f = open(file("first\nsecond\nthird"), "r");
            f.readline().as(StepVerifier::create).expectNext("first\n").verifyComplete();
            f.read().as(StepVerifier::create).expectNext("second\nthird").verifyComplete();
            close(f);
        }

        @Test
        void readAtTheEndIsEmpty() throws Exception {
            AsyncFile f = open(file("abc"), "r");
            f.read().as(StepVerifier::create).expectNext("abc").verifyComplete();
            f.read().as(StepVerifier::create).expectNext("").verifyComplete();
            close(f);
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 2, 3, 5, 8192})
        void readDecodesCharactersSplitAcrossReads(int bufferSize) throws Exception {
            String text = "héllo wörld € 😀 ∑\nend";
            AsyncFile f = open(file(text), "r", null, bufferSize);
            f.read().as(StepVerifier::create).expectNext(text).verifyComplete();
            close(f);
        }
    }

    @Nested
    class ReadBytes {

        @Test
        void readBytesReadsUpToN() throws Exception {
            AsyncFile f = open(file(bytes(10)), "rb");
            f.readBytes(4)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).containsExactly(Arrays.copyOfRange(bytes(10), 0, 4)))
                    .verifyComplete();
            f.readBytes(100)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).containsExactly(Arrays.copyOfRange(bytes(10), 4, 10)))
                    .verifyComplete();
            close(f);
        }

        @Test
        void readBytesAtTheEndIsAnEmptyArray() throws Exception {
            AsyncFile f = open(file(bytes(3)), "rb");
            f.readBytes(-1)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).hasSize(3))
                    .verifyComplete();
            f.readBytes(5)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).isEmpty())
                    .verifyComplete();
            f.readBytes(-1)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).isEmpty())
                    .verifyComplete();
            close(f);
        }

        @Test
        void readBytesOfZeroReadsNothing() throws Exception {
            AsyncFile f = open(file(bytes(3)), "rb");
            f.readBytes(0)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).isEmpty())
                    .verifyComplete();
            assertThat(f.tell()).isZero();
            close(f);
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 7, 8192})
        void negativeNReadsAllTheRestThroughManyReads(int bufferSize) throws Exception {
            byte[] content = bytes(200_000); // more than the result's first allocation and one I/O
            AsyncFile f = open(file(content), "rb", null, bufferSize);
            f.readBytes(1).as(StepVerifier::create).expectNextCount(1).verifyComplete();
            f.readBytes(-1)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).isEqualTo(Arrays.copyOfRange(content, 1, content.length)))
                    .verifyComplete();
            close(f);
        }

        @Test
        void largeNReadsAllOfAFileLargerThanOneIo() throws Exception {
            byte[] content = bytes(3 * 1024 * 1024 + 5);
            AsyncFile f = open(file(content), "rb");
            f.readBytes(Integer.MAX_VALUE)
                    .as(StepVerifier::create)
                    .assertNext(b -> assertThat(b).isEqualTo(content))
                    .verifyComplete();
            close(f);
        }
    }

    @Nested
    class Readline {

        @Test
        void readlineKeepsTheNewlineAndReturnsEmptyAtTheEnd() throws Exception {
            AsyncFile f = open(file("one\n\nthree"), "r");
            f.readline().as(StepVerifier::create).expectNext("one\n").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("\n").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("three").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("").verifyComplete();
            close(f);
        }

        @Test
        void readlineReturnsAWindowsLineAsStored() throws Exception {
            AsyncFile f = open(file("a\r\nb\rc\n"), "r");
            f.readline().as(StepVerifier::create).expectNext("a\r\n").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("b\rc\n").verifyComplete();
            close(f);
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 16})
        void readlineDecodesCharactersSplitAcrossTheBufferBoundary(int bufferSize) throws Exception {
            AsyncFile f = open(file("é€😀\nñ\n∑x"), "r", null, bufferSize);
            f.readline().as(StepVerifier::create).expectNext("é€😀\n").verifyComplete();
            assertThat(f.tell()).isEqualTo("é€😀\n".getBytes(UTF_8).length);
            f.readline().as(StepVerifier::create).expectNext("ñ\n").verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("∑x").verifyComplete();
            close(f);
        }

        @Test
        void readlineReadsALineLongerThanTheBuffer() throws Exception {
            String line = "x".repeat(100_000) + "\n";
            AsyncFile f = open(file(line + "next\n"), "r");
            f.readline().as(StepVerifier::create).expectNext(line).verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("next\n").verifyComplete();
            close(f);
        }
    }

    @Nested
    class WriteAndFlush {

        @Test
        void writeIsBufferedUntilFlush() throws Exception {
            Path path = dir.resolve("out.txt");
            AsyncFile f = open(path, "w");
            f.write("hello").as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(path)).isEmpty();
            f.flush().as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(path)).isEqualTo("hello");
            close(f);
        }

        @Test
        void acloseWritesOutTheBuffer() throws Exception {
            Path path = dir.resolve("out.bin");
            AsyncFile f = open(path, "wb");
            f.write(bytes(100)).then(f.write(bytes(5))).as(StepVerifier::create).verifyComplete();
            f.aclose().as(StepVerifier::create).verifyComplete();
            byte[] expected = new byte[105];
            System.arraycopy(bytes(100), 0, expected, 0, 100);
            System.arraycopy(bytes(5), 0, expected, 100, 5);
            assertThat(Files.readAllBytes(path)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 10, 8192})
        void writesLargerThanTheBufferReachTheFileWhole(int bufferSize) throws Exception {
            Path path = dir.resolve("out.bin");
            AsyncFile f = open(path, "wb", null, bufferSize);
            byte[] big = bytes(300_000);
            f.write(bytes(3))
                    .then(f.write(big))
                    .then(f.write(bytes(4)))
                    .then(f.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            byte[] content = Files.readAllBytes(path);
            assertThat(content).hasSize(300_007);
            assertThat(Arrays.copyOfRange(content, 3, 300_003)).isEqualTo(big);
        }

        @Test
        void writeDoesNotChangeTheArrayAndReadsItWhenItRuns() throws Exception {
            Path path = dir.resolve("out.bin");
            AsyncFile f = open(path, "wb");
            byte[] b = {1, 2, 3};
            var write = f.write(b);
            b[0] = 9; // nothing happened yet: cold
            write.then(f.aclose()).as(StepVerifier::create).verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly(9, 2, 3);
            assertThat(b).containsExactly(9, 2, 3);
        }

        @Test
        void flushOnAReadOnlyFileDoesNothing() throws Exception {
            AsyncFile f = open(file("abc"), "r");
            f.flush().as(StepVerifier::create).verifyComplete();
            f.read().as(StepVerifier::create).expectNext("abc").verifyComplete();
            close(f);
        }

        @Test
        void aReadWritesOutPendingBytesFirst() throws Exception {
            AsyncFile f = open(dir.resolve("out.txt"), "w+");
            f.write("line one\nline two\n")
                    .then(f.seek(0))
                    .then(f.write("LINE"))
                    .then(f.readline())
                    .as(StepVerifier::create)
                    .expectNext(" one\n")
                    .verifyComplete();
            f.seek(0)
                    .then(f.read())
                    .as(StepVerifier::create)
                    .expectNext("LINE one\nline two\n")
                    .verifyComplete();
            close(f);
        }

        @Test
        void aWriteAfterReadingGoesRightAfterWhatWasRead() throws Exception {
            Path path = file("aaa\nbbb\nccc\n");
            AsyncFile f = open(path, "r+");
            f.readline()
                    .then(f.write("BBB"))
                    .then(f.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readString(path)).isEqualTo("aaa\nBBB\nccc\n");
        }
    }

    @Nested
    class TellAndSeek {

        @Test
        void tellCountsBufferedWritesAndNotBytesReadAhead() throws Exception {
            AsyncFile f = open(dir.resolve("out.txt"), "w+");
            assertThat(f.tell()).isZero();
            f.write("héllo\nworld\n").as(StepVerifier::create).verifyComplete();
            assertThat(f.tell()).isEqualTo(13);
            f.seek(0)
                    .then(f.readline())
                    .as(StepVerifier::create)
                    .expectNext("héllo\n")
                    .verifyComplete();
            assertThat(f.tell()).isEqualTo(7);
            close(f);
        }

        @Test
        void seekMovesWhereReadsAndWritesGo() throws Exception {
            Path path = file("0123456789");
            AsyncFile f = open(path, "r+");
            f.seek(6).then(f.read()).as(StepVerifier::create).expectNext("6789").verifyComplete();
            f.seek(2)
                    .then(f.write("ab"))
                    .then(f.seek(1))
                    .then(f.readline())
                    .as(StepVerifier::create)
                    .expectNext("1ab456789")
                    .verifyComplete();
            close(f);
            assertThat(Files.readString(path)).isEqualTo("01ab456789");
        }

        @Test
        void writingPastTheEndLeavesZeros() throws Exception {
            Path path = dir.resolve("out.bin");
            AsyncFile f = open(path, "wb");
            f.seek(5)
                    .then(f.write(new byte[] {7}))
                    .then(f.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly(0, 0, 0, 0, 0, 7);
        }

        @Test
        void aNegativeOffsetErrorsWhenSubscribed() throws Exception {
            AsyncFile f = open(file("abc"), "r");
            var seek = f.seek(-1); // no exception here: the Mono signals it
            seek.as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isExactlyInstanceOf(IllegalArgumentException.class)
                            .hasMessage("offset must be at least 0, but was -1"))
                    .verify(GUARD);
            close(f);
        }
    }
}
