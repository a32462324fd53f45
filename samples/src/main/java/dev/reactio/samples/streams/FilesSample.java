package dev.reactio.samples.streams;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.streams.AsyncFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Streaming I/O &gt; Reading and writing streams" (流式 I/O &gt; 读写流): write a
 * file and read it back without blocking, aiofiles-style.
 * <pre>{@code
 * async def write_to_file(filename, data):
 *     """Write a file asynchronously"""
 *     async with aiofiles.open(filename, 'w') as f:
 *         await f.write(data)
 *
 * async def read_from_file(filename):
 *     """Read a file asynchronously"""
 *     async with aiofiles.open(filename, 'r') as f:
 *         content = await f.read()
 *     return content
 * }</pre>
 * The tutorial defines the two functions only; the sample calls them on a temporary file and
 * prints what it read back.
 */
public final class FilesSample {

    private FilesSample() {}

    /** {@code async def write_to_file(filename, data)}. */
    static Mono<Void> writeToFile(Path filename, String data) {
        return Aio.using(AsyncFiles.open(filename, "w"), f -> f.write(data));
    }

    /** {@code async def read_from_file(filename)}. */
    static Mono<String> readFromFile(Path filename) {
        return Aio.using(AsyncFiles.open(filename, "r"), f -> f.read());
    }

    /**
     * Writes, reads back and prints, then deletes the file.
     *
     * @param ctx where to print
     * @return a cold {@code Mono} that completes when the file is read back and deleted
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.using(
                FilesSample::tempFile,
                file -> writeToFile(file, "Hello, async file!\nSecond line\n")
                        .then(readFromFile(file))
                        .doOnNext(content -> ctx.print("Read back " + content.length() + " characters:"))
                        .doOnNext(content -> content.lines().forEach(ctx::print))
                        .then(),
                FilesSample::delete);
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }

    private static Path tempFile() throws IOException {
        return Files.createTempFile("reactio-files-sample", ".txt");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
