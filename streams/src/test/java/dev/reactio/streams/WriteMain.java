package dev.reactio.streams;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Writes {@code count} buffers of {@code bufferSize} bytes, made on demand, with
 * {@link AsyncFiles#write(Path, org.reactivestreams.Publisher)}, and prints the bytes written and
 * the file's size. {@link BoundedMemoryTest} runs it in a JVM with a small heap.
 * Usage: {@code WriteMain <path> <count> <bufferSize>}.
 */
final class WriteMain {

    private WriteMain() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int bufferSize = Integer.parseInt(args[2]);
        Flux<ByteBuffer> data = Flux.range(0, count).map(i -> ByteBuffer.allocate(bufferSize));
        Long written = AsyncFiles.write(path, data).block(Duration.ofMinutes(2));
        System.out.println(written + " " + Files.size(path));
    }
}
