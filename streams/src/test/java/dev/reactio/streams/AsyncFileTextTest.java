package dev.reactio.streams;

import static dev.reactio.streams.FileTesting.GUARD;
import static dev.reactio.streams.FileTesting.close;
import static dev.reactio.streams.FileTesting.open;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.MalformedInputException;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** {@link AsyncFile} text: lines, charsets and decoding errors. */
class AsyncFileTextTest {

    @TempDir
    Path dir;

    @Nested
    class Lines {

        static Stream<Arguments> texts() {
            List<String> texts = List.of(
                    "",
                    "\n",
                    "a",
                    "a\n",
                    "a\nb",
                    "a\r\nb\r\n",
                    "a\rb\rc",
                    "a\r\r\nb",
                    "\r\n\r\n",
                    "\n\nx\n\n",
                    "é\r\n😀\r€\n",
                    "line one\r\nline two\nline three\rline four");
            return texts.stream().flatMap(t -> Stream.of(1, 2, 3, 8192).map(size -> Arguments.of(t, size)));
        }

        @ParameterizedTest(name = "[{index}] buffer of {1} bytes")
        @MethodSource("texts")
        void linesSplitLikeFilesReadAllLines(String text, int bufferSize) throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), text);
            List<String> expected = Files.readAllLines(path);
            AsyncFile f = open(path, "r", null, bufferSize);
            f.lines()
                    .collectList()
                    .as(StepVerifier::create)
                    .expectNext(expected)
                    .verifyComplete();
            close(f);
        }

        @Test
        void linesStartAtThePositionAndTheFileIsUsableAfterwards() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "skip\nb\nc\n");
            AsyncFile f = open(path, "r");
            f.readline()
                    .thenMany(f.lines())
                    .as(StepVerifier::create)
                    .expectNext("b", "c")
                    .verifyComplete();
            f.readline().as(StepVerifier::create).expectNext("").verifyComplete();
            close(f);
        }

        @Test
        void eachLineIsReadOnlyWhenRequested() throws Exception {
            Path path = Files.writeString(dir.resolve("f.txt"), "a\nbb\nccc\n");
            AsyncFile f = open(path, "r");
            StepVerifier.create(f.lines(), 1)
                    .expectNext("a")
                    .then(() -> assertThat(f.tell()).isEqualTo(2))
                    .thenRequest(1)
                    .expectNext("bb")
                    .then(() -> assertThat(f.tell()).isEqualTo(5))
                    .thenCancel()
                    .verify(GUARD);
            f.readline().as(StepVerifier::create).expectNext("ccc\n").verifyComplete();
            close(f);
        }
    }

    @Nested
    class Charsets {

        @Test
        void iso88591WritesOneBytePerCharacterAndReadsItBack() throws Exception {
            Path path = dir.resolve("latin1.txt");
            AsyncFile w = open(path, "w", ISO_8859_1, 8192);
            w.write("café\n")
                    .then(w.write("naïve"))
                    .then(w.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly('c', 'a', 'f', 0xE9, '\n', 'n', 'a', 0xEF, 'v', 'e');
            AsyncFile r = open(path, "r", ISO_8859_1, 1);
            r.lines()
                    .collectList()
                    .as(StepVerifier::create)
                    .expectNext(List.of("café", "naïve"))
                    .verifyComplete();
            close(r);
        }

        @Test
        void utf16WritesOneByteOrderMarkAtTheStart() throws Exception {
            Path path = dir.resolve("utf16.txt");
            AsyncFile w = open(path, "w", UTF_16, 8192);
            w.write("a")
                    .then(w.write("b"))
                    .then(w.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly(0xFE, 0xFF, 0, 'a', 0, 'b');
        }

        @Test
        void utf16AppendWritesNoSecondByteOrderMark() throws Exception {
            Path path = Files.writeString(dir.resolve("utf16.txt"), "a", UTF_16);
            AsyncFile a = open(path, "a", UTF_16, 8192);
            a.write("b").then(a.aclose()).as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(path, UTF_16)).isEqualTo("ab");
            assertThat(Files.readAllBytes(path)).containsExactly(0xFE, 0xFF, 0, 'a', 0, 'b');
        }

        @Test
        void utf16WritesNoByteOrderMarkAfterSeekingIntoTheFile() throws Exception {
            Path path = Files.writeString(dir.resolve("utf16.txt"), "ab", UTF_16);
            AsyncFile f = open(path, "r+", UTF_16, 8192);
            f.seek(4)
                    .then(f.write("c"))
                    .then(f.aclose())
                    .as(StepVerifier::create)
                    .verifyComplete();
            assertThat(Files.readAllBytes(path)).containsExactly(0xFE, 0xFF, 0, 'a', 0, 'c');
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 2, 3, 5, 8192})
        void utf16LinesAndTellAreExactThroughTheCharacterAtATimePath(int bufferSize) throws Exception {
            Path path = Files.writeString(dir.resolve("utf16.txt"), "x\r\n😀\ry\nz", UTF_16);
            AsyncFile f = open(path, "r", UTF_16, bufferSize);
            f.readline().as(StepVerifier::create).expectNext("x\r\n").verifyComplete();
            assertThat(f.tell()).isEqualTo(2 + 3 * 2);
            f.lines()
                    .collectList()
                    .as(StepVerifier::create)
                    .expectNext(List.of("😀", "y", "z"))
                    .verifyComplete();
            f.seek(0)
                    .then(f.read())
                    .as(StepVerifier::create)
                    .expectNext("x\r\n😀\ry\nz")
                    .verifyComplete();
            close(f);
        }

        @Test
        void littleEndianUtf16WithoutMarkReads() throws Exception {
            Path path = Files.writeString(dir.resolve("utf16le.txt"), "ab\ncd", UTF_16LE);
            AsyncFile f = open(path, "r", UTF_16LE, 3);
            f.lines()
                    .collectList()
                    .as(StepVerifier::create)
                    .expectNext(List.of("ab", "cd"))
                    .verifyComplete();
            close(f);
        }

        @Test
        void seekingToZeroReadsTheByteOrderMarkAgain() throws Exception {
            Path path = Files.writeString(dir.resolve("utf16.txt"), "hi", UTF_16);
            AsyncFile f = open(path, "r+", UTF_16, 8192);
            f.read()
                    .then(f.seek(0))
                    .then(f.read())
                    .as(StepVerifier::create)
                    .expectNext("hi")
                    .verifyComplete();
            close(f);
        }

        @Test
        void textThatTheCharsetCannotEncodeErrorsAndWritesNothing() throws Exception {
            Path path = dir.resolve("latin1.txt");
            AsyncFile f = open(path, "w", ISO_8859_1, 8192);
            f.write("ok ").as(StepVerifier::create).verifyComplete();
            f.write("costs 5 €").as(StepVerifier::create).verifyError(UnmappableCharacterException.class);
            f.write("still ok").then(f.aclose()).as(StepVerifier::create).verifyComplete();
            assertThat(Files.readString(path, ISO_8859_1)).isEqualTo("ok still ok");
        }

        @Test
        void halfASurrogatePairAtTheEndOfAWriteIsMalformed() throws Exception {
            AsyncFile f = open(dir.resolve("out.txt"), "w");
            f.write("😀".substring(0, 1)).as(StepVerifier::create).verifyError(MalformedInputException.class);
            close(f);
        }
    }

    @Nested
    class WideCharacters {

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 7, 8192})
        void aCharacterWiderThanTheReadAheadBufferStillDecodes(int bufferSize) throws Exception {
            WideCharset wide = new WideCharset();
            Path path = dir.resolve("wide.txt");
            AsyncFile w = open(path, "w", wide, bufferSize);
            w.write("ab\ncd").then(w.aclose()).as(StepVerifier::create).verifyComplete();
            assertThat(Files.size(path)).isEqualTo(5L * WideCharset.WIDTH);
            AsyncFile r = open(path, "r", wide, bufferSize);
            r.readline().as(StepVerifier::create).expectNext("ab\n").verifyComplete();
            assertThat(r.tell()).isEqualTo(3L * WideCharset.WIDTH);
            r.read().as(StepVerifier::create).expectNext("cd").verifyComplete();
            close(r);
        }
    }

    @Nested
    class Malformed {

        private Path badUtf8() throws Exception {
            return Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', 'a', (byte) 0xFF, 'b', '\n'});
        }

        @ParameterizedTest(name = "buffer of {0} bytes")
        @ValueSource(ints = {1, 8192})
        void bytesNotValidInTheCharsetErrorAndLeaveThePosition(int bufferSize) throws Exception {
            AsyncFile f = open(badUtf8(), "r", null, bufferSize);
            f.readline().as(StepVerifier::create).expectNext("ok\n").verifyComplete();
            f.readline().as(StepVerifier::create).verifyError(MalformedInputException.class);
            assertThat(f.tell()).isEqualTo(3);
            f.read().as(StepVerifier::create).verifyError(MalformedInputException.class);
            assertThat(f.tell()).isEqualTo(3);
            close(f);
        }

        @Test
        void linesDeliverTheLinesBeforeTheBadBytes() throws Exception {
            AsyncFiles.lines(badUtf8())
                    .as(StepVerifier::create)
                    .expectNext("ok")
                    .verifyError(MalformedInputException.class);
        }

        @Test
        void aFileEndingInsideACharacterIsMalformed() throws Exception {
            byte[] euro = "€".getBytes(UTF_8);
            Path path = Files.write(dir.resolve("cut.txt"), new byte[] {'a', euro[0], euro[1]});
            AsyncFile f = open(path, "r");
            f.read().as(StepVerifier::create).verifyError(MalformedInputException.class);
            f.readline().as(StepVerifier::create).verifyError(MalformedInputException.class);
            close(f);
        }

        @Test
        void theSameBytesDecodeInALenientCharset() throws Exception {
            Charset latin1 = ISO_8859_1;
            AsyncFile f = open(badUtf8(), "r", latin1, 8192);
            f.read().as(StepVerifier::create).expectNext("ok\naÿb\n").verifyComplete();
            close(f);
        }
    }
}
