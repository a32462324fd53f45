package dev.reactio.streams.interop;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the Python asyncio peers of the interop tests ({@code src/test/python}) with Debian's
 * {@code /usr/bin/python3}. Every wait is bounded, but only as a hang guard: nothing here
 * depends on how long Python takes.
 */
final class PythonPeer {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPTS = Path.of("src/test/python");
    /** Hang guard for a Python process to print its port or to finish; never a timing claim. */
    private static final Duration GUARD = Duration.ofSeconds(25);

    private PythonPeer() {}

    /** Skips the calling test when Python is not installed. */
    static void assumePython() {
        Assumptions.assumeTrue(
                Files.isExecutable(PYTHON),
                "/usr/bin/python3 is not installed: the Python asyncio interop tests are skipped"
                        + " (apt-get install -y python3 to run them)");
        assertThat(SCRIPTS.resolve("echo_server.py"))
                .as("the interop scripts (tests run from the streams module directory)")
                .isRegularFile();
    }

    /** {@code echo_server.py}, listening on an ephemeral port of 127.0.0.1. */
    static final class Server implements AutoCloseable {
        private final Process process;
        private final Path stderr;
        private final int port;

        private Server(Process process, Path stderr, int port) {
            this.process = process;
            this.stderr = stderr;
            this.port = port;
        }

        /**
         * Starts {@code echo_server.py --mode mode} and waits for its {@code PORT n} line.
         *
         * @param mode {@code line} or {@code binary}
         */
        static Server start(String mode) throws IOException, InterruptedException {
            Path stderr = Files.createTempFile("reactio-echo-server", ".err");
            Process process = new ProcessBuilder(
                            PYTHON.toString(), SCRIPTS.resolve("echo_server.py").toString(), "--mode", mode)
                    .redirectError(stderr.toFile())
                    .start();
            try {
                String line = firstLine(process);
                if (line == null || !line.startsWith("PORT ")) {
                    fail("echo_server.py printed " + line + " instead of its port; stderr: "
                            + Files.readString(stderr));
                }
                return new Server(
                        process, stderr, Integer.parseInt(line.substring(5).trim()));
            } catch (Throwable e) {
                destroy(process);
                throw e;
            }
        }

        int port() {
            return port;
        }

        /** What the server wrote on stderr so far (tracebacks), for failure messages. */
        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(stderr unreadable: " + e + ")";
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            try {
                process.getOutputStream().close(); // stdin EOF: the script stops by itself
            } finally {
                destroy(process);
                Files.deleteIfExists(stderr);
            }
        }
    }

    /** What {@code echo_client.py} printed and how it exited. */
    record ClientRun(int exitCode, String output) {}

    /**
     * Runs {@code echo_client.py --port port --mode mode} to completion.
     *
     * @param mode {@code line} or {@code binary}
     */
    static ClientRun runClient(int port, String mode) throws IOException, InterruptedException {
        Path output = Files.createTempFile("reactio-echo-client", ".out");
        Process process = new ProcessBuilder(
                        PYTHON.toString(),
                        SCRIPTS.resolve("echo_client.py").toString(),
                        "--port",
                        Integer.toString(port),
                        "--mode",
                        mode,
                        "--timeout",
                        "20")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)) {
                fail("echo_client.py did not finish; output so far: " + Files.readString(output));
            }
            return new ClientRun(process.exitValue(), Files.readString(output));
        } finally {
            destroy(process);
            Files.deleteIfExists(output);
        }
    }

    private static String firstLine(Process process) throws InterruptedException {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread readerThread = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                        line.complete(in.readLine());
                        // keep draining, so that the script never blocks on a full pipe
                        while (in.readLine() != null) {
                            // discard
                        }
                    } catch (IOException e) {
                        line.completeExceptionally(e);
                    }
                },
                "echo_server.py stdout");
        readerThread.setDaemon(true);
        readerThread.start();
        try {
            return line.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("echo_server.py printed no port line");
        } catch (ExecutionException e) {
            return fail("reading echo_server.py's port line failed", e.getCause());
        }
    }

    private static void destroy(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
