package dev.reactio.streams;

import dev.reactio.AsyncCloseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An open file: Reactio's aiofiles file object, from {@link AsyncFiles#open(java.nio.file.Path, String)}.
 * Scope it with {@link dev.reactio.Aio#using(Mono, java.util.function.Function) Aio.using}, the
 * {@code async with aiofiles.open(...) as f:} block, so that it is closed however the body ends:
 *
 * <pre>{@code
 * Mono<List<String>> todos = Aio.using(AsyncFiles.open(path, "r"),
 *         f -> f.lines().filter(line -> line.startsWith("TODO")).collectList());
 * }</pre>
 *
 * <p>A text-mode file ({@code "r"}, {@code "w"}, {@code "a+"}...) reads and writes
 * {@code String}s in its charset; a binary one ({@code "rb"}, {@code "wb"}...) reads and writes
 * {@code byte[]}. The I/O runs on an {@link java.nio.channels.AsynchronousFileChannel}, never on
 * the caller's thread.
 *
 * <ul>
 * <li><b>One operation at a time:</b> as in aiofiles, the operations on one file are meant to
 *     run one after the other (chain them with {@code then} or {@code concatMap}). An operation
 *     subscribed while another one runs errors with {@link IllegalStateException} ("another
 *     operation is in progress"), and so does {@link #tell()}; they are not queued. The one
 *     exception: a cancelled operation may still be waiting for its last I/O, and the next
 *     operation subscribed meanwhile waits for it (one does; a second one errors), so that
 *     cancelling and going on just works. {@link #aclose()} also waits for a running
 *     operation.</li>
 * <li><b>Thread safety:</b> the methods may be called from any thread. The effects of an
 *     operation happen-before the next operation and a later {@code tell()}.</li>
 * <li><b>Buffering, as in Python:</b> reads read ahead; writes collect in a buffer (8 KiB by
 *     default) written out when it is full and by {@link #flush()}, {@link #seek(long)}, any
 *     read and {@link #aclose()}. Other readers of the file see buffered bytes only after that.
 *     {@code flush()} hands the bytes to the operating system; it does not {@code fsync}.</li>
 * <li><b>Cancellation:</b> a cancelled read leaves the position where the read began, so its
 *     data is read again by the next read. A cancelled write keeps what already reached the
 *     file (counted by {@code tell()}) and drops the rest of its data. The I/O in flight when
 *     the cancel arrives is not interrupted: it finishes in the background (microseconds for
 *     a local file), and the next operation waits for it as said above.</li>
 * <li><b>Signals</b> arrive on the subscribing thread when the buffers could serve the
 *     operation, otherwise on a thread of the JDK's asynchronous-channel pool; use
 *     {@code publishOn} for long work.</li>
 * <li><b>Closing:</b> {@link #aclose()} writes out the buffer and closes the channel; any later
 *     operation errors with {@link IllegalStateException}.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every error is signalled by the returned {@code Mono} or {@code Flux}, when subscribed:
 * <ul>
 * <li>{@link UnsupportedOperationException} when the file's mode never allows the operation:
 *     reading a file opened only for writing ({@code "w"}, {@code "a"}, {@code "x"}), writing
 *     one opened only for reading ({@code "r"}), text operations on a binary file, and
 *     {@link #readBytes(int)} or {@link #write(byte[])} on a text file. Python raises
 *     {@code io.UnsupportedOperation} or {@code TypeError} for these.</li>
 * <li>{@link IllegalStateException} when the file is closed or busy.</li>
 * <li>{@link java.nio.charset.MalformedInputException} when the bytes read are not valid in the
 *     charset, and {@link java.nio.charset.UnmappableCharacterException} when written text
 *     cannot be encoded in it: Python's default {@code errors='strict'}, and what
 *     {@code Files.readString} and {@code Files.writeString} do. A failed read, like a
 *     cancelled one, leaves the position where it began.</li>
 * <li>{@link java.io.IOException} for what the file system reports.</li>
 * <li>{@link OutOfMemoryError} when the result does not fit in the heap (a
 *     {@code readBytes(-1)} or {@code read()} of a file larger than the heap allows): the
 *     operation fails, leaves the position where it began, and the file stays usable. Read
 *     large files in parts, or with {@link AsyncFiles#readChunks} or {@link AsyncFiles#lines}.</li>
 * </ul>
 *
 * <h2>Differences from Python</h2>
 * <ul>
 * <li>Text is read and written as it is stored: there is no universal-newlines translation, so
 *     {@link #readline()} returns a Windows line as {@code "...\r\n"}. {@link #lines()}
 *     recognizes {@code \n}, {@code \r\n} and {@code \r}, like {@code Files.lines}.</li>
 * <li>{@link #tell()} and {@link #seek(long)} use byte offsets in text mode too, not opaque
 *     cookies. Seeking into the middle of a character makes the next read fail with
 *     {@code MalformedInputException}.</li>
 * <li>Appending ({@code "a"}) writes at the end as it is when the buffer is written out; it is
 *     not atomic against other processes appending at the same time ({@code O_APPEND}), which
 *     {@code AsynchronousFileChannel} does not offer.</li>
 * </ul>
 *
 * @see AsyncFiles
 */
public sealed interface AsyncFile extends AsyncCloseable permits ChannelFile {

    /**
     * Reads the rest of the file as text: {@code await f.read()}.
     * <p>Nothing happens until subscribed. Cancelling leaves the position where the read began.
     * <p>Errors with {@link UnsupportedOperationException} on a binary or write-only file, and
     * with {@link java.nio.charset.MalformedInputException} if the bytes are not valid in the
     * file's charset (including a file that ends inside a character).
     *
     * @return a cold {@code Mono} with the text from the position to the end of the file;
     *     {@code ""} at the end of the file
     */
    Mono<String> read();

    /**
     * Reads up to {@code n} bytes: {@code await f.read(n)} on a binary file.
     * <p>Returns fewer than {@code n} bytes only at the end of the file; {@code n < 0} reads all
     * the rest. Nothing happens until subscribed. Cancelling leaves the position where the read
     * began.
     * <pre>{@code
     * Mono<byte[]> header = Aio.using(AsyncFiles.open(path, "rb"), f -> f.readBytes(16));
     * }</pre>
     * <p>Errors with {@link UnsupportedOperationException} on a text or write-only file.
     *
     * @param n how many bytes to read; negative for all the rest
     * @return a cold {@code Mono} with the bytes; an empty array at the end of the file
     */
    Mono<byte[]> readBytes(int n);

    /**
     * Reads one line of text, keeping its {@code '\n'}: {@code await f.readline()}.
     * <p>A line ends after {@code '\n'}; the last line of a file may have no {@code '\n'}. At the
     * end of the file the value is {@code ""}, as in Python, so an empty line reads as
     * {@code "\n"}. Text is returned as stored: a Windows line ends in {@code "\r\n"}.
     * <p>Nothing happens until subscribed. Cancelling leaves the position at the start of the line.
     * <p>Errors with {@link UnsupportedOperationException} on a binary or write-only file, and
     * with {@link java.nio.charset.MalformedInputException} on bytes not valid in the charset.
     *
     * @return a cold {@code Mono} with the line, or {@code ""} at the end of the file
     */
    Mono<String> readline();

    /**
     * Reads the lines from the position to the end of the file, without their line ends:
     * {@code async for line in f}, with {@code Files.lines}' line ends.
     * <p>A line ends at {@code "\n"}, {@code "\r\n"} or {@code "\r"}, none of which is part of
     * the value; a final line end adds no empty line. Each line is read only when requested and
     * after the previous one was delivered, so memory stays bounded by the longest line.
     * <p>Nothing happens until subscribed. Each line is a separate operation, so the file is
     * free between lines. Cancelling stops the reading; the position is then right after the
     * last line delivered.
     * <p>Errors as {@link #readline()} does.
     *
     * @return a cold {@code Flux} of the lines
     */
    Flux<String> lines();

    /**
     * Writes text: {@code await f.write(s)} on a text file.
     * <p>The text is encoded in the file's charset and buffered; the write completes at once
     * when the bytes fit in the buffer, and otherwise after writing out what does not.
     * In an {@code "a"} or {@code "a+"} file it goes to the end of the file.
     * <p>Nothing happens until subscribed. Cancelling keeps what already reached the file and
     * drops the rest of {@code s}.
     * <p>Errors with {@link UnsupportedOperationException} on a binary or read-only file, and
     * with {@link java.nio.charset.UnmappableCharacterException} (nothing written) if the
     * charset cannot encode {@code s}, or {@link java.nio.charset.MalformedInputException} if
     * {@code s} ends in half a surrogate pair.
     *
     * @param s the text
     * @return a cold {@code Mono} that completes when the text is written or buffered
     * @throws NullPointerException if {@code s} is null
     */
    Mono<Void> write(String s);

    /**
     * Writes bytes: {@code await f.write(b)} on a binary file.
     * <p>Buffered like {@link #write(String)}. The array is read when the write runs, not when
     * this method is called; do not change it before the {@code Mono} completes.
     * <p>Nothing happens until subscribed. Cancelling keeps what already reached the file and
     * drops the rest of {@code b}.
     * <pre>{@code
     * Mono<Void> save = Aio.using(AsyncFiles.open(path, "wb"), f -> f.write(bytes));
     * }</pre>
     * <p>Errors with {@link UnsupportedOperationException} on a text or read-only file.
     *
     * @param b the bytes
     * @return a cold {@code Mono} that completes when the bytes are written or buffered
     * @throws NullPointerException if {@code b} is null
     */
    Mono<Void> write(byte[] b);

    /**
     * Writes out the buffered bytes: {@code await f.flush()}.
     * <p>Afterwards other readers of the file see everything written so far. Like Python's
     * {@code flush()}, this hands the bytes to the operating system and does not force them
     * to the disk. On a file with nothing buffered (or opened only for reading) it does nothing.
     * <p>Nothing happens until subscribed. Cancelling keeps buffered what was not written yet.
     *
     * @return a cold {@code Mono} that completes when the buffer is written out
     */
    Mono<Void> flush();

    /**
     * The position, in bytes from the start of the file: {@code f.tell()}.
     * <p>Counts buffered writes and excludes bytes read ahead, so it is where the next read or
     * write of this file goes (for {@code "a"} files: where the last write ended). Unlike
     * Python's text-mode cookie it is a plain byte offset in text mode too.
     *
     * @return the position
     * @throws IllegalStateException if the file is closed or an operation is in progress
     */
    long tell();

    /**
     * Moves to {@code offset} bytes from the start of the file: {@code await f.seek(offset)}.
     * <p>Writes out the buffer first and forgets the bytes read ahead. Seeking past the end is
     * allowed; a write there leaves a gap that reads as zeros. Seeking to 0 makes a text file
     * read and write a byte order mark again if its charset has one (UTF-16).
     * <p>Nothing happens until subscribed. Cancelling before the buffer is written out does not
     * move.
     * <p>Errors with {@link IllegalArgumentException} if {@code offset} is negative.
     *
     * @param offset the new position, at least 0
     * @return a cold {@code Mono} that completes once moved
     */
    Mono<Void> seek(long offset);

    /**
     * Writes out the buffer and closes the file: {@code await f.close()}.
     * <p>Nothing happens until subscribed. Waits for an operation in progress to finish. Only
     * the first subscription closes; every subscription completes when the file is closed,
     * and cancelling one does not stop the closing. The channel is closed even if writing out
     * the buffer fails; the {@code Mono} then errors with that failure.
     *
     * @return a cold {@code Mono} that completes when the file is closed
     */
    @Override
    Mono<Void> aclose();
}
