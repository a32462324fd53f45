package dev.reactio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoSmokeTest {

    @Test
    void tutorialEcho() {
        StreamServer server = Streams.startServer(
                        (reader, writer) -> reader.read(100).flatMap(data -> {
                            writer.write(data);
                            return writer.drain();
                        }),
                        "127.0.0.1",
                        0)
                .block(Duration.ofSeconds(10));
        try {
            byte[] reply = Streams.openConnection("127.0.0.1", server.port())
                    .flatMap(c -> {
                        c.writer().write("Hello World!".getBytes(UTF_8));
                        return c.reader().read(-1).doFinally(s -> c.writer().close());
                    })
                    .block(Duration.ofSeconds(10));
            assertThat(new String(reply, UTF_8)).isEqualTo("Hello World!");
        } finally {
            server.aclose().block(Duration.ofSeconds(10));
        }
    }
}
