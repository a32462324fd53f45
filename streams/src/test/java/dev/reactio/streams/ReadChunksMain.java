package dev.reactio.streams;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Streams a sparse file of the given size through {@link AsyncFiles#readChunks(Path, int)} and
 * prints the number of bytes read. {@link BoundedMemoryTest} runs it in a JVM with a small heap.
 * Usage: {@code ReadChunksMain <path> <size> <chunkSize>}.
 */
final class ReadChunksMain {

    private ReadChunksMain() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        int chunkSize = Integer.parseInt(args[2]);
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size); // sparse: takes no disk space
        }
        Long read = AsyncFiles.readChunks(path, chunkSize)
                .map(ByteBuffer::remaining)
                .reduce(0L, Long::sum)
                .block(Duration.ofMinutes(2));
        System.out.println(read);
    }
}
