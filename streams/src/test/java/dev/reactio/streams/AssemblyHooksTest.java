package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;

/** The streams module's own publishers go through Reactor's assembly hooks, as core's do. */
class AssemblyHooksTest {

    private static final String KEY = "StreamsAssemblyHooksTest";

    private final List<Publisher<?>> seen = new ArrayList<>();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnEachOperator(KEY);
        Hooks.resetOnOperatorDebug();
    }

    private void record() {
        Hooks.onEachOperator(KEY, p -> {
            synchronized (seen) {
                seen.add(p);
            }
            return p;
        });
    }

    /** The publisher the entry returns is the one the hook was given, during that very call. */
    private void assertSeen(String entry, Supplier<? extends Publisher<?>> call) {
        int before;
        synchronized (seen) {
            before = seen.size();
        }
        Publisher<?> p = call.get();
        synchronized (seen) {
            assertThat(seen.subList(before, seen.size())).as(entry).anyMatch(s -> s == p);
        }
    }

    private static StreamReader reader() {
        StreamReader reader = new StreamReader(StreamReader.DEFAULT_LIMIT);
        reader.attach(() -> {});
        return reader;
    }

    @Test
    void onEachOperatorSeesEveryReadAndOpen(@TempDir Path dir) {
        record();
        StreamReader reader = reader();
        assertSeen("StreamReader.read", () -> reader.read(5));
        assertSeen("StreamReader.read(-1)", () -> reader.read(-1));
        assertSeen("StreamReader.readexactly", () -> reader.readexactly(5));
        assertSeen("StreamReader.readuntil", () -> reader.readuntil(new byte[] {';'}));
        assertSeen("StreamReader.readline", reader::readline);
        assertSeen("AsyncFiles.open", () -> AsyncFiles.open(dir.resolve("f"), "w"));
        assertSeen(
                "AsyncFiles.open(charset)",
                () -> AsyncFiles.open(dir.resolve("f"), "w", java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void operatorDebugTracesTheReadCalled() {
        Hooks.onOperatorDebug();
        StreamReader reader = reader();
        reader.feedError(new java.net.SocketException("Connection reset"));
        StepVerifier.create(reader.readline())
                .expectErrorSatisfies(e -> {
                    assertThat(e.getSuppressed()).isNotEmpty();
                    String trace = e.getSuppressed()[0].getMessage();
                    assertThat(trace)
                            .contains("dev.reactio.streams.StreamReader.readline(")
                            .doesNotContain("internal.Assembly");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void operatorDebugTracesTheOpenCalled(@TempDir Path dir) {
        Hooks.onOperatorDebug();
        StepVerifier.create(AsyncFiles.open(dir.resolve("missing"), "r"))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(NoSuchFileException.class);
                    assertThat(e.getSuppressed()).isNotEmpty();
                    assertThat(e.getSuppressed()[0].getMessage()).contains("dev.reactio.streams.AsyncFiles.open(");
                })
                .verify(Duration.ofSeconds(10));
    }
}
