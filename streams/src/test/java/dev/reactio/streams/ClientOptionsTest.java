package dev.reactio.streams;

import static dev.reactio.streams.ServerOptionsTest.serverSsl;
import static dev.reactio.streams.ServerOptionsTest.unusedLoops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

class ClientOptionsTest {

    @Test
    void defaultsAreAsyncios() {
        assertThat(ClientOptions.defaults())
                .isEqualTo(new ClientOptions(64 * 1024, 64 * 1024, null, Duration.ofSeconds(30), Duration.ZERO, null));
    }

    @Test
    void everyWitherCopiesAndLeavesTheOriginalAlone() throws Exception {
        SslContext ssl = SslContextBuilder.forClient().build();
        LoopResources loops = unusedLoops();
        ClientOptions options = ClientOptions.defaults()
                .withLimit(10)
                .withHighWater(0)
                .withSsl(ssl)
                .withConnectTimeout(Duration.ofSeconds(2))
                .withIdleTimeout(Duration.ofSeconds(3))
                .withLoopResources(loops);
        assertThat(options)
                .isEqualTo(new ClientOptions(10, 0, ssl, Duration.ofSeconds(2), Duration.ofSeconds(3), loops));
        assertThat(ClientOptions.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.withSsl(null).ssl()).isNull();
        assertThat(options.withLoopResources(null).loopResources()).isNull();
    }

    @Test
    void theConstructorChecksEachArgumentNamingIt() {
        Duration connect = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new ClientOptions(0, 1, null, connect, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1 byte, but was 0");
        assertThatThrownBy(() -> new ClientOptions(1, -1, null, connect, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("highWater must be 0 or more bytes, but was -1");
        assertThatThrownBy(() -> new ClientOptions(1, 1, null, Duration.ZERO, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connectTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> new ClientOptions(1, 1, null, null, Duration.ZERO, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("connectTimeout");
        assertThatThrownBy(() -> new ClientOptions(1, 1, null, connect, Duration.ofMillis(-5), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be zero (no timeout) or positive, but was PT-0.005S");
        assertThatThrownBy(() -> new ClientOptions(1, 1, null, connect, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("idleTimeout");
    }

    @Test
    void aServerSslContextIsRejected() throws Exception {
        SslContext server = serverSsl();
        assertThatThrownBy(() -> ClientOptions.defaults().withSsl(server))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssl must be a client SslContext (SslContextBuilder.forClient), but is a server one");
    }

    @Test
    void theSslContextComparesByIdentity() throws Exception {
        ClientOptions a =
                ClientOptions.defaults().withSsl(SslContextBuilder.forClient().build());
        ClientOptions b =
                ClientOptions.defaults().withSsl(SslContextBuilder.forClient().build());
        assertThat(a)
                .isNotEqualTo(b)
                .isEqualTo(ClientOptions.defaults().withSsl(a.ssl()))
                .hasSameHashCodeAs(a.withLimit(64 * 1024));
    }

    /** API.md documents these names: they keep working, deprecated in favour of the withers. */
    @Nested
    @SuppressWarnings("deprecation")
    class ShortWithers {

        @Test
        void doWhatTheWithersDo() throws Exception {
            SslContext ssl = SslContextBuilder.forClient().build();
            LoopResources loops = unusedLoops();
            assertThat(ClientOptions.defaults()
                            .limit(10)
                            .highWater(0)
                            .ssl(ssl)
                            .connectTimeout(Duration.ofSeconds(2))
                            .idleTimeout(Duration.ofSeconds(3))
                            .loopResources(loops))
                    .isEqualTo(new ClientOptions(10, 0, ssl, Duration.ofSeconds(2), Duration.ofSeconds(3), loops));
        }

        @Test
        void stillRefuseNull() {
            assertThatThrownBy(() -> ClientOptions.defaults().ssl(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("ssl");
            assertThatThrownBy(() -> ClientOptions.defaults().loopResources(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("loops");
        }
    }
}
