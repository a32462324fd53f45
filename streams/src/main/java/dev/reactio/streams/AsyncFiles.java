package dev.reactio.streams;

import dev.reactio.Aio;
import dev.reactio.internal.Assembly;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asynchronous files: Reactio's {@code aiofiles}. {@link #open(Path, String)} is
 * {@code aiofiles.open}; the other methods read or write a whole file in one call, like
 * {@code java.nio.file.Files}' methods of the same names, without blocking the caller's thread.
 *
 * <pre>{@code
 * Mono<Void> copyUpper = AsyncFiles.lines(in)
 *         .map(line -> line.toUpperCase(Locale.ROOT) + "\n")
 *         .as(lines -> Aio.using(AsyncFiles.open(out, "w"),
 *                 f -> lines.concatMap(f::write).then()));
 * }</pre>
 *
 * <ul>
 * <li><b>Cold:</b> nothing happens until subscribed, and each subscription opens the file
 *     anew. Every error, including a bad argument other than {@code null}, is signalled by the
 *     returned {@code Mono} or {@code Flux}.</li>
 * <li><b>Threads:</b> files are opened and closed on {@code Schedulers.boundedElastic()}
 *     (both may block, so aiofiles does them in its executor too) and read and written with an
 *     {@link java.nio.channels.AsynchronousFileChannel}.</li>
 * <li><b>Cancellation</b> closes the file. The helpers that stream ({@link #lines(Path)},
 *     {@link #readChunks(Path, int)}, {@link #write(Path, Publisher)}) keep memory bounded by
 *     their buffer, whatever the size of the file.</li>
 * <li><b>Text</b> is UTF-8 unless a {@link Charset} is given, and decoding is strict: bytes
 *     that are not valid in the charset signal {@link java.nio.charset.MalformedInputException},
 *     as {@code Files.readString} does.</li>
 * </ul>
 *
 * @see AsyncFile
 */
public final class AsyncFiles {

    /** The buffer the whole-file helpers read and write with. */
    static final int HELPER_BUFFER_SIZE = 64 * 1024;

    private AsyncFiles() {}

    /**
     * Opens a file: {@code aiofiles.open(path, mode)}. Text modes use UTF-8.
     * <p>{@code mode} is Python's: exactly one of {@code r} (read; the file must exist),
     * {@code w} (write, creating or truncating), {@code a} (append, creating) and {@code x}
     * (create; the file must not exist), optionally with {@code +} (read and write: {@code r+}
     * keeps the content, {@code w+} truncates) and with {@code b} for binary or {@code t} for
     * text (the default), such as {@code "rb"}, {@code "r+b"} or {@code "a+"}.
     * <p>Nothing happens until subscribed; then the file is opened on
     * {@code Schedulers.boundedElastic()}. Cancelling before the file is delivered closes it if
     * it was opened. Once delivered, the subscriber must close it: use
     * {@link Aio#using(Mono, java.util.function.Function)}.
     * <pre>{@code
     * Mono<String> first = Aio.using(AsyncFiles.open(path, "r"), AsyncFile::readline);
     * }</pre>
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if the file (for {@code r}) or
     * its directory does not exist, {@link java.nio.file.FileAlreadyExistsException} if it
     * exists for {@code x}, {@link java.nio.file.FileSystemException} naming the path ("Is a
     * directory", Python's {@code IsADirectoryError}) if it is a directory, in every mode,
     * reading included, {@link IllegalArgumentException} naming the allowed modes if
     * {@code mode} is not one, and another {@link java.io.IOException} for what the file system
     * reports (such as {@link java.nio.file.AccessDeniedException}).
     *
     * @param path the file
     * @param mode how to open it: {@code "r"}, {@code "w"}, {@code "a"}, {@code "x"}, each
     *     optionally with {@code "+"} and {@code "b"} or {@code "t"}
     * @return a cold {@code Mono} with the open file
     * @throws NullPointerException if an argument is null
     */
    public static Mono<AsyncFile> open(Path path, String mode) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        return Assembly.MONO.apply(new MonoOpenFile(path, mode, null, ChannelFile.DEFAULT_BUFFER_SIZE));
    }

    /**
     * Opens a text file in {@code charset}: {@code aiofiles.open(path, mode, encoding=...)}.
     * <p>As {@link #open(Path, String)}; in addition errors with
     * {@link IllegalArgumentException} if {@code mode} is binary, which takes no charset (as
     * in Python), or writes and {@code charset} can only decode ({@link Charset#canEncode()}).
     * A charset with a byte order mark (UTF-16) writes one at the start of the file only.
     * <pre>{@code
     * Mono<String> latin1 = Aio.using(AsyncFiles.open(path, "r", StandardCharsets.ISO_8859_1), AsyncFile::read);
     * }</pre>
     *
     * @param path the file
     * @param mode how to open it, a text mode
     * @param charset how its text is encoded
     * @return a cold {@code Mono} with the open file
     * @throws NullPointerException if an argument is null
     */
    public static Mono<AsyncFile> open(Path path, String mode, Charset charset) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(charset, "charset");
        return Assembly.MONO.apply(new MonoOpenFile(path, mode, charset, ChannelFile.DEFAULT_BUFFER_SIZE));
    }

    /** Test hook: {@code open} with a given buffer size; {@code charset} null for UTF-8 or binary. */
    static Mono<AsyncFile> open(Path path, String mode, @Nullable Charset charset, int bufferSize) {
        return Assembly.MONO.apply(new MonoOpenFile(path, mode, charset, bufferSize));
    }

    /**
     * Reads a whole UTF-8 text file: {@code Files.readString(path)}, without blocking.
     * <p>Nothing happens until subscribed. Cancelling closes the file.
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if it does not exist and
     * {@link java.nio.charset.MalformedInputException} if it is not valid UTF-8.
     *
     * @param path the file
     * @return a cold {@code Mono} with the file's text
     * @throws NullPointerException if {@code path} is null
     */
    public static Mono<String> readString(Path path) {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole text file in {@code charset}: {@code Files.readString(path, charset)},
     * without blocking.
     * <p>Nothing happens until subscribed. Cancelling closes the file.
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if it does not exist and
     * {@link java.nio.charset.MalformedInputException} if it is not valid in {@code charset}.
     *
     * @param path the file
     * @param charset how its text is encoded
     * @return a cold {@code Mono} with the file's text
     * @throws NullPointerException if an argument is null
     */
    public static Mono<String> readString(Path path, Charset charset) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        return Aio.using(open(path, "r", charset, HELPER_BUFFER_SIZE), AsyncFile::read);
    }

    /**
     * Writes {@code text} to a file in UTF-8, creating or truncating it:
     * {@code Files.writeString(path, text)}, without blocking.
     * <p>Nothing happens until subscribed. Completes once the file is written and closed.
     * Cancelling closes the file, which then holds part of the text.
     * <pre>{@code
     * Mono<Void> save = AsyncFiles.writeString(path, "hello\n");
     * }</pre>
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if the directory does not exist.
     *
     * @param path the file
     * @param text what it will contain
     * @return a cold {@code Mono} that completes when the file is written and closed
     * @throws NullPointerException if an argument is null
     */
    public static Mono<Void> writeString(Path path, String text) {
        return writeString(path, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code text} to a file in {@code charset}, creating or truncating it:
     * {@code Files.writeString(path, text, charset)}, without blocking.
     * <p>Nothing happens until subscribed. Completes once the file is written and closed.
     * Cancelling closes the file, which then holds part of the text.
     * <p>Errors with {@link java.nio.charset.UnmappableCharacterException} if {@code charset}
     * cannot encode {@code text} (the file is then empty) and with
     * {@link java.nio.file.NoSuchFileException} if the directory does not exist.
     *
     * @param path the file
     * @param text what it will contain
     * @param charset how to encode it
     * @return a cold {@code Mono} that completes when the file is written and closed
     * @throws NullPointerException if an argument is null
     */
    public static Mono<Void> writeString(Path path, String text, Charset charset) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        return Aio.using(open(path, "w", charset, HELPER_BUFFER_SIZE), f -> f.write(text));
    }

    /**
     * Reads the lines of a UTF-8 text file: {@code Files.lines(path)}, without blocking.
     * <p>Lines end at {@code "\n"}, {@code "\r\n"} or {@code "\r"}, which are not part of them.
     * Each line is read when requested, so memory stays bounded by the buffer and the longest
     * line. Nothing happens until subscribed; the file is closed when the {@code Flux}
     * completes, errors or is cancelled.
     * <pre>{@code
     * Mono<Long> errors = AsyncFiles.lines(log).filter(line -> line.contains("ERROR")).count();
     * }</pre>
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if the file does not exist and
     * {@link java.nio.charset.MalformedInputException} if it is not valid UTF-8 (after the
     * lines before the bad bytes).
     *
     * @param path the file
     * @return a cold {@code Flux} of the lines
     * @throws NullPointerException if {@code path} is null
     */
    public static Flux<String> lines(Path path) {
        return lines(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads the lines of a text file in {@code charset}: {@code Files.lines(path, charset)},
     * without blocking. As {@link #lines(Path)}.
     *
     * @param path the file
     * @param charset how its text is encoded
     * @return a cold {@code Flux} of the lines
     * @throws NullPointerException if an argument is null
     */
    public static Flux<String> lines(Path path, Charset charset) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        return Flux.usingWhen(open(path, "r", charset, HELPER_BUFFER_SIZE), AsyncFile::lines, AsyncFile::aclose);
    }

    /**
     * Reads a file as buffers of {@code chunkSize} bytes: aiofiles'
     * {@code while chunk := await f.read(chunk_size)}.
     * <p>Every buffer holds {@code chunkSize} bytes except the last, which holds the rest (an
     * empty file gives none). Each buffer is new and belongs to the subscriber. A chunk is read
     * only when requested, so memory stays bounded by {@code chunkSize} times what the
     * subscriber requested ahead, whatever the size of the file.
     * <p>Nothing happens until subscribed; the file is closed when the {@code Flux} completes,
     * errors or is cancelled.
     * <pre>{@code
     * Mono<Long> size = AsyncFiles.readChunks(path, 64 * 1024)
     *         .map(ByteBuffer::remaining)
     *         .reduce(0L, Long::sum);
     * }</pre>
     * <p>Errors with {@link java.nio.file.NoSuchFileException} if the file does not exist and
     * with {@link IllegalArgumentException} if {@code chunkSize} is not positive.
     *
     * @param path the file
     * @param chunkSize how many bytes each buffer holds, at least 1
     * @return a cold {@code Flux} of buffers, each ready to read (position 0)
     * @throws NullPointerException if {@code path} is null
     */
    public static Flux<ByteBuffer> readChunks(Path path, int chunkSize) {
        Objects.requireNonNull(path, "path");
        if (chunkSize <= 0) {
            return Flux.error(() -> new IllegalArgumentException("chunkSize must be positive, but was " + chunkSize));
        }
        // Reads of chunkSize bytes bypass the smaller read-ahead buffer and go straight into the chunk.
        int bufferSize = Math.min(chunkSize, HELPER_BUFFER_SIZE);
        return Flux.usingWhen(
                open(path, "rb", null, bufferSize),
                f -> Aio.iterate(
                        () -> f.readBytes(chunkSize).filter(b -> b.length > 0).map(ByteBuffer::wrap)),
                AsyncFile::aclose);
    }

    /**
     * Writes the buffers of {@code data} to a file, creating or truncating it:
     * {@code Files.write(path, bytes)} for a stream of bytes, without blocking.
     * <p>Requests one buffer at a time, and the next only after the previous one was written
     * (or copied into the file's buffer), so memory stays bounded whatever the size of the
     * stream. The buffers are read from their position to their limit and not changed; once
     * the next one is requested, the previous one may be reused.
     * <p>Nothing happens until subscribed; then the file is opened, and {@code data} subscribed.
     * Completes once all of {@code data} is written and the file closed. Cancelling cancels
     * {@code data} and closes the file, which keeps what was written.
     * <pre>{@code
     * Mono<Long> copied = AsyncFiles.write(copy, AsyncFiles.readChunks(original, 64 * 1024));
     * }</pre>
     * <p>Errors with {@code data}'s error (the file keeps what was written) and with
     * {@link java.nio.file.NoSuchFileException} if the directory does not exist.
     *
     * @param path the file
     * @param data the bytes to write
     * @return a cold {@code Mono} with the number of bytes written
     * @throws NullPointerException if an argument is null
     */
    public static Mono<Long> write(Path path, Publisher<ByteBuffer> data) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(data, "data");
        return Aio.using(
                open(path, "wb", null, HELPER_BUFFER_SIZE),
                f -> Flux.from(data)
                        // prefetch 0: the next buffer is requested only once the previous one is written
                        .concatMap(
                                b -> ((ChannelFile) f)
                                        .write(b, "write(Path, Publisher)")
                                        .thenReturn((long) b.remaining()),
                                0)
                        .reduce(0L, Long::sum));
    }
}
