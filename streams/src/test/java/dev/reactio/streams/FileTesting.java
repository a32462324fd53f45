package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Shared helpers for the file tests. */
final class FileTesting {

    /** Hang guard only: no timing claim. */
    static final Duration GUARD = Duration.ofSeconds(10);

    private FileTesting() {}

    /** Opens with a given buffer size, to force tiny reads; null charset for UTF-8 or binary. */
    static AsyncFile open(Path path, String mode, @Nullable Charset charset, int bufferSize) {
        return AsyncFiles.open(path, mode, charset, bufferSize).block(GUARD);
    }

    static AsyncFile open(Path path, String mode) {
        return AsyncFiles.open(path, mode).block(GUARD);
    }

    static <T> @Nullable T using(Path path, String mode, Function<AsyncFile, Mono<T>> body) {
        return Aio.using(AsyncFiles.open(path, mode), body).block(GUARD);
    }

    static void close(AsyncFile file) {
        file.aclose().block(GUARD);
    }

    /** The files opened on {@code path} whose channel is still open. */
    static List<ChannelFile> openOn(Path path) {
        return OpenFiles.OPEN.stream().filter(f -> f.path.equals(path)).toList();
    }

    /**
     * Waits for {@code file}'s channel to be closed by whoever holds it (the test never closes
     * it itself), then asserts that it is.
     */
    static void assertClosing(ChannelFile file) throws Exception {
        file.whenClosed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(file.closeRequested()).isTrue();
        assertThat(file.channel.isOpen()).isFalse();
        assertThat(OpenFiles.OPEN).doesNotContain(file);
    }
}
