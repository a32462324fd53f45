package dev.reactio.streams;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * {@link AsyncFiles#open}: parses the mode when subscribed, then opens the channel on
 * {@code Schedulers.boundedElastic()}, as aiofiles opens in its executor: opening may block.
 * A file that opens after its subscriber cancelled is closed rather than leaked.
 */
final class MonoOpenFile extends Mono<AsyncFile> {

    private final Path path;
    private final String mode;
    /** Null: binary mode wants none, text mode uses UTF-8. */
    private final @Nullable Charset charset;

    private final int bufferSize;

    MonoOpenFile(Path path, String mode, @Nullable Charset charset, int bufferSize) {
        this.path = path;
        this.mode = mode;
        this.charset = charset;
        this.bufferSize = bufferSize;
    }

    @Override
    public void subscribe(CoreSubscriber<? super AsyncFile> actual) {
        OpenMode parsed;
        try {
            parsed = OpenMode.parse(mode);
            if (bufferSize <= 0) {
                throw new IllegalArgumentException("bufferSize must be positive, but was " + bufferSize);
            }
            if (parsed.binary() && charset != null) {
                throw new IllegalArgumentException("mode '" + mode + "' is binary, so it takes no charset, but "
                        + charset + " was given; drop the charset or open in text mode");
            }
            if (charset != null && parsed.writable() && !charset.canEncode()) {
                throw new IllegalArgumentException("charset " + charset + " can only decode, but mode '" + mode
                        + "' writes; open the file with 'r'");
            }
        } catch (IllegalArgumentException e) {
            Operators.error(actual, e);
            return;
        }
        Charset textCharset = parsed.binary() ? null : charset != null ? charset : StandardCharsets.UTF_8;
        Opening opening = new Opening(actual, path, parsed, textCharset, bufferSize);
        actual.onSubscribe(opening);
        try {
            Schedulers.boundedElastic().schedule(opening);
        } catch (RejectedExecutionException e) {
            actual.onError(e);
        }
    }

    /** Runs on the worker thread; package-private for the cancellation tests. */
    static final class Opening extends Operators.MonoSubscriber<AsyncFile, AsyncFile> implements Runnable {
        private final Path path;
        private final OpenMode mode;
        private final @Nullable Charset charset;
        private final int bufferSize;

        Opening(
                CoreSubscriber<? super AsyncFile> actual,
                Path path,
                OpenMode mode,
                @Nullable Charset charset,
                int bufferSize) {
            super(actual);
            this.path = path;
            this.mode = mode;
            this.charset = charset;
            this.bufferSize = bufferSize;
        }

        @Override
        public void run() {
            if (isCancelled()) {
                return;
            }
            ChannelFile file;
            try {
                file = ChannelFile.open(path, mode, charset, bufferSize);
            } catch (Throwable e) {
                // Errors too: thrown on the worker thread, they would be lost and the Mono never end.
                actual.onError(e);
                return;
            }
            complete(file); // discards it if the subscriber cancelled meanwhile
        }

        @Override
        protected void discard(@Nullable AsyncFile file) {
            if (file != null) {
                // Nobody holds the file, so a close error has nobody to go to either.
                file.aclose().subscribe(null, e -> {});
            }
        }
    }
}
