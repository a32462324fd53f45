package dev.reactio.streams;

import static dev.reactio.streams.FileTesting.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/** The usage snippets of the Javadoc of {@link AsyncFile} and {@link AsyncFiles}, kept compiling and true. */
class JavadocExamplesTest {

    @TempDir
    Path dir;

    @Test
    void asyncFileClassExample() throws Exception {
        Path path = Files.writeString(dir.resolve("notes.txt"), "TODO one\ndone\nTODO two\n");
        Mono<List<String>> todos = Aio.using(
                AsyncFiles.open(path, "r"),
                f -> f.lines().filter(line -> line.startsWith("TODO")).collectList());
        assertThat(todos.block(GUARD)).containsExactly("TODO one", "TODO two");
    }

    @Test
    void readBytesExample() throws Exception {
        Path path = Files.write(dir.resolve("f.bin"), new byte[20]);
        Mono<byte[]> header = Aio.using(AsyncFiles.open(path, "rb"), f -> f.readBytes(16));
        assertThat(header.block(GUARD)).hasSize(16);
    }

    @Test
    void writeBytesExample() throws Exception {
        Path path = dir.resolve("f.bin");
        byte[] bytes = {1, 2, 3};
        Mono<Void> save = Aio.using(AsyncFiles.open(path, "wb"), f -> f.write(bytes));
        save.block(GUARD);
        assertThat(Files.readAllBytes(path)).containsExactly(1, 2, 3);
    }

    @Test
    void asyncFilesClassExample() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "a\nb\n");
        Path out = dir.resolve("out.txt");
        Mono<Void> copyUpper = AsyncFiles.lines(in)
                .map(line -> line.toUpperCase(Locale.ROOT) + "\n")
                .as(lines -> Aio.using(
                        AsyncFiles.open(out, "w"),
                        f -> lines.concatMap(f::write).then()));
        copyUpper.block(GUARD);
        assertThat(Files.readString(out)).isEqualTo("A\nB\n");
    }

    @Test
    void openExamples() throws Exception {
        Path path = Files.writeString(dir.resolve("f.txt"), "première\n", StandardCharsets.ISO_8859_1);
        Mono<String> first = Aio.using(AsyncFiles.open(path, "r", StandardCharsets.ISO_8859_1), AsyncFile::readline);
        assertThat(first.block(GUARD)).isEqualTo("première\n");
        Mono<String> latin1 = Aio.using(AsyncFiles.open(path, "r", StandardCharsets.ISO_8859_1), AsyncFile::read);
        assertThat(latin1.block(GUARD)).isEqualTo("première\n");
        Path utf8 = Files.writeString(dir.resolve("g.txt"), "x\ny");
        Mono<String> line = Aio.using(AsyncFiles.open(utf8, "r"), AsyncFile::readline);
        assertThat(line.block(GUARD)).isEqualTo("x\n");
    }

    @Test
    void writeStringExample() throws Exception {
        Path path = dir.resolve("f.txt");
        Mono<Void> save = AsyncFiles.writeString(path, "hello\n");
        save.block(GUARD);
        assertThat(Files.readString(path)).isEqualTo("hello\n");
    }

    @Test
    void linesExample() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "INFO a\nERROR b\nERROR c\n");
        Mono<Long> errors =
                AsyncFiles.lines(log).filter(line -> line.contains("ERROR")).count();
        assertThat(errors.block(GUARD)).isEqualTo(2);
    }

    @Test
    void readChunksExample() throws Exception {
        Path path = Files.write(dir.resolve("f.bin"), new byte[100_000]);
        Mono<Long> size = AsyncFiles.readChunks(path, 64 * 1024)
                .map(ByteBuffer::remaining)
                .reduce(0L, Long::sum);
        assertThat(size.block(GUARD)).isEqualTo(100_000);
    }

    @Test
    void writePublisherExample() throws Exception {
        Path original = Files.write(dir.resolve("original.bin"), new byte[70_000]);
        Path copy = dir.resolve("copy.bin");
        Mono<Long> copied = AsyncFiles.write(copy, AsyncFiles.readChunks(original, 64 * 1024));
        assertThat(copied.block(GUARD)).isEqualTo(70_000);
        assertThat(Files.size(copy)).isEqualTo(70_000);
    }
}
