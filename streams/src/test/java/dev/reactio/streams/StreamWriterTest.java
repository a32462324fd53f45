package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link StreamWriter} on an {@link EmbeddedChannel}, without sockets. */
class StreamWriterTest {

    /** Hang guard only; no timing claim. */
    private static final Duration GUARD = Duration.ofSeconds(10);

    @Test
    void aUserHoldingTheWritersMonitorDoesNotBlockTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // as if over the high-water mark
        StreamWriter writer = new StreamWriter(channel);
        CompletableFuture<Void> drained = writer.drain().toFuture();
        synchronized (writer) {
            // What the event loop does when the connection is lost.
            CompletableFuture<Void> lost = CompletableFuture.runAsync(() -> writer.connectionLost(null));
            assertThat(lost).succeedsWithin(GUARD);
        }
        assertThat(drained).failsWithin(GUARD).withThrowableThat().withCauseInstanceOf(SocketException.class);
        channel.finishAndReleaseAll();
    }
}
