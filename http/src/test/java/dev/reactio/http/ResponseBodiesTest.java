package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Response bodies without sockets: announced lengths and the bounded accumulator. Issue 13 (moved out of Exchange). */
class ResponseBodiesTest {

    private static final URI URL = URI.create("http://h/big");

    // issue 13
    @ParameterizedTest(name = "{0} {1} with Content-Length \"{2}\" -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET  | 200 | 42       | 42",
                "POST | 500 | 0        | 0",
                "GET  | 200 |          | -1",
                "HEAD | 200 | 42       | -1",
                "GET  | 204 | 42       | -1",
                "GET  | 304 | 42       | -1",
            })
    void theDeclaredLengthIsTheContentLengthOfAResponseThatHasABody(
            String method, int status, String length, long declared) {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (length != null) {
            headers.set("Content-Length", length);
        }

        assertThat(ResponseBodies.declaredLength(method, status, headers)).isEqualTo(declared);
    }

    // issue 13
    @Test
    void theAccumulatorKeepsEveryChunkInOrder() {
        ResponseBodies.Accumulator acc = new ResponseBodies.Accumulator(100, URL, -1);

        feed(acc, "hello, ");
        feed(acc, "world");

        assertThat(new String(acc.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello, world");
    }

    // issue 13
    @Test
    void theAccumulatorFailsPastTheMaximum() {
        ResponseBodies.Accumulator acc = new ResponseBodies.Accumulator(10, URL, 4);
        feed(acc, "0123456789");

        assertThatThrownBy(() -> feed(acc, "!"))
                .isInstanceOf(ResponseTooLargeException.class)
                .hasMessageContaining(URL.toString());
    }

    // issue 13
    @Test
    void copyLeavesTheBufferAsItWas() {
        ByteBuf buf = Unpooled.copiedBuffer("abc", StandardCharsets.UTF_8);
        try {
            buf.readByte();

            assertThat(ResponseBodies.copy(buf)).containsExactly('b', 'c');
            assertThat(buf.readableBytes()).isEqualTo(2);
        } finally {
            buf.release();
        }
    }

    private static void feed(ResponseBodies.Accumulator acc, String chunk) {
        ByteBuf buf = Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8);
        try {
            acc.accept(buf);
        } finally {
            buf.release();
        }
    }
}
