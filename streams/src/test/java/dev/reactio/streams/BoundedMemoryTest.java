package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming keeps memory bounded: 1 GiB goes through {@link AsyncFiles#readChunks} and
 * {@link AsyncFiles#write(Path, org.reactivestreams.Publisher)} in a child JVM whose heap (and
 * so direct memory) is 64 MiB. Holding the file, or even a fraction of it, would fail with
 * {@link OutOfMemoryError}.
 */
class BoundedMemoryTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
    void readChunksStreamsAOneGibFileThroughA64MibHeap() throws Exception {
        Path path = dir.resolve("sparse.bin");
        try {
            String out = runWithSmallHeap(
                    ReadChunksMain.class, path.toString(), Long.toString(GIB), Integer.toString(64 * 1024));
            assertThat(out.trim()).isEqualTo(Long.toString(GIB));
        } finally {
            Files.deleteIfExists(path);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // hang guard only
    void writeStreamsOneGibThroughA64MibHeap() throws Exception {
        Path path = dir.resolve("written.bin");
        try {
            String out = runWithSmallHeap(
                    WriteMain.class, path.toString(), Integer.toString(16 * 1024), Integer.toString(64 * 1024));
            assertThat(out.trim()).isEqualTo(GIB + " " + GIB);
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static String runWithSmallHeap(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        assertThat(exit).as("exit code; output:%n%s", out).isZero();
        return out;
    }
}
