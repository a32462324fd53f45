package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

class ServerOptionsTest {

    static SslContext serverSsl() throws Exception {
        X509Bundle cert = new CertificateBuilder()
                .subject("CN=localhost")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        return SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
    }

    /** Loops that are never used: the options only carry them. */
    static LoopResources unusedLoops() {
        return new LoopResources() {
            @Override
            public EventLoopGroup onServer(boolean useNative) {
                throw new UnsupportedOperationException("not used by these tests");
            }
        };
    }

    @Test
    void defaultsAreAsyncios() {
        ServerOptions defaults = ServerOptions.defaults();
        assertThat(defaults).isEqualTo(new ServerOptions(64 * 1024, 64 * 1024, null, Duration.ZERO, 100, null));
        assertThat(defaults.ssl()).isNull();
        assertThat(defaults.loopResources()).isNull();
    }

    @Test
    void everyWitherCopiesAndLeavesTheOriginalAlone() throws Exception {
        SslContext ssl = serverSsl();
        LoopResources loops = unusedLoops();
        ServerOptions options = ServerOptions.defaults()
                .withLimit(10)
                .withHighWater(0)
                .withSsl(ssl)
                .withIdleTimeout(Duration.ofSeconds(3))
                .withBacklog(7)
                .withLoopResources(loops);
        assertThat(options).isEqualTo(new ServerOptions(10, 0, ssl, Duration.ofSeconds(3), 7, loops));
        assertThat(ServerOptions.defaults().limit()).isEqualTo(64 * 1024);
        assertThat(options.withSsl(null).ssl()).isNull();
        assertThat(options.withLoopResources(null).loopResources()).isNull();
    }

    @Test
    void theConstructorChecksEachArgumentNamingIt() {
        assertThatThrownBy(() -> new ServerOptions(0, 1, null, Duration.ZERO, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1 byte, but was 0");
        assertThatThrownBy(() -> new ServerOptions(1, -1, null, Duration.ZERO, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("highWater must be 0 or more bytes, but was -1");
        assertThatThrownBy(() -> new ServerOptions(1, 1, null, Duration.ofSeconds(-1), 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be zero (no timeout) or positive, but was PT-1S");
        assertThatThrownBy(() -> new ServerOptions(1, 1, null, null, 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("idleTimeout");
        assertThatThrownBy(() -> new ServerOptions(1, 1, null, Duration.ZERO, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backlog must be at least 1, but was 0");
    }

    @Test
    void aClientSslContextIsRejected() throws Exception {
        SslContext client = SslContextBuilder.forClient().build();
        assertThatThrownBy(() -> ServerOptions.defaults().withSsl(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ssl must be a server SslContext (SslContextBuilder.forServer), but is a client one");
    }

    @Test
    void theSslContextAndTheLoopsCompareByIdentity() throws Exception {
        ServerOptions a = ServerOptions.defaults().withSsl(serverSsl());
        ServerOptions b = ServerOptions.defaults().withSsl(serverSsl());
        assertThat(a)
                .isNotEqualTo(b)
                .isEqualTo(ServerOptions.defaults().withSsl(a.ssl()))
                .hasSameHashCodeAs(a.withBacklog(100));
        LoopResources loops = unusedLoops();
        assertThat(ServerOptions.defaults().withLoopResources(loops))
                .isEqualTo(ServerOptions.defaults().withLoopResources(loops))
                .isNotEqualTo(ServerOptions.defaults().withLoopResources(unusedLoops()));
    }

    @Test
    void toStringNamesEveryComponent() {
        assertThat(ServerOptions.defaults())
                .hasToString(
                        "ServerOptions[limit=65536, highWater=65536, ssl=null, idleTimeout=PT0S, backlog=100, loopResources=null]");
    }

    /** API.md documents these names: they keep working, deprecated in favour of the withers. */
    @Nested
    @SuppressWarnings("deprecation")
    class ShortWithers {

        @Test
        void doWhatTheWithersDo() throws Exception {
            SslContext ssl = serverSsl();
            LoopResources loops = unusedLoops();
            assertThat(ServerOptions.defaults()
                            .limit(10)
                            .highWater(0)
                            .ssl(ssl)
                            .idleTimeout(Duration.ofSeconds(3))
                            .backlog(7)
                            .loopResources(loops))
                    .isEqualTo(new ServerOptions(10, 0, ssl, Duration.ofSeconds(3), 7, loops));
        }

        @Test
        void stillRefuseNull() {
            assertThatThrownBy(() -> ServerOptions.defaults().ssl(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("ssl");
            assertThatThrownBy(() -> ServerOptions.defaults().loopResources(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("loops");
        }
    }
}
