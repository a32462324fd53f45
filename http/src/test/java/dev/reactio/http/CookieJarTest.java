package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.cookie.Cookie;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/** The jar's RFC 6265 storage model, without a network. */
class CookieJarTest {

    private final MutableClock clock = new MutableClock();
    private final CookieJar jar = new CookieJar(clock);

    private void set(String url, String... setCookie) {
        jar.updateCookies(URI.create(url), List.of(setCookie));
    }

    private List<String> sentTo(String url) {
        return jar.filterCookies(URI.create(url)).stream()
                .map(c -> c.name() + "=" + c.value())
                .toList();
    }

    @Nested
    class Domains {

        @Test
        void aCookieWithoutDomainIsHostOnly() {
            set("http://example.com/", "a=1");

            assertThat(sentTo("http://example.com/")).containsExactly("a=1");
            assertThat(sentTo("http://www.example.com/")).isEmpty();
            assertThat(sentTo("http://other.com/")).isEmpty();
        }

        @Test
        void aDomainCookieGoesToSubdomainsToo() {
            set("http://www.example.com/", "a=1; Domain=.example.com");

            assertThat(sentTo("http://example.com/")).containsExactly("a=1");
            assertThat(sentTo("http://api.example.com/")).containsExactly("a=1");
            assertThat(sentTo("http://notexample.com/")).isEmpty();
        }

        @Test
        void aHostCannotSetACookieForAnotherDomain() {
            set("http://example.com/", "a=1; Domain=other.com", "b=2; Domain=www.example.com");

            assertThat(jar.size()).isZero();
        }

        @Test
        void aDomainMustMatchWholeLabels() {
            set("http://example.com/", "a=1; Domain=ample.com", "b=2; Domain=.example.com");

            assertThat(sentTo("http://example.com/")).containsExactly("b=2");
            assertThat(jar.size()).isEqualTo(1);
        }

        @Test
        void anEmptyDomainMakesAHostOnlyCookie() {
            set("http://example.com/", "a=1; Domain=.", "b=2; Domain=");

            assertThat(sentTo("http://example.com/")).containsExactlyInAnyOrder("a=1", "b=2");
            assertThat(sentTo("http://www.example.com/")).isEmpty();
        }

        @Test
        void anIpAddressHostAcceptsOnlyItselfAsDomain() {
            set("http://127.0.0.1/", "a=1; Domain=0.0.1", "b=2; Domain=127.0.0.1", "c=3; Domain=1");
            set("http://[::1]/", "d=4; Domain=::1", "e=5; Domain=1");

            assertThat(sentTo("http://127.0.0.1/")).containsExactly("b=2");
            assertThat(sentTo("http://127.0.0.2/")).isEmpty();
            assertThat(sentTo("http://[::1]/")).containsExactly("d=4");
            assertThat(jar.size()).isEqualTo(2);
        }

        @Test
        void ipAddressHostsKeepHostOnlyCookies() {
            set("http://127.0.0.1:8080/", "a=1");

            assertThat(sentTo("http://127.0.0.1:9090/")).containsExactly("a=1");
            assertThat(sentTo("http://localhost/")).isEmpty();
        }

        @Test
        void hostsAreComparedCaseInsensitively() {
            set("http://Example.COM/", "a=1");

            assertThat(sentTo("http://example.com/")).containsExactly("a=1");
        }
    }

    // gh-12
    @Nested
    class PublicSuffixes {

        @Test
        void aTopLevelDomainIsRefused() {
            set("http://a.evil.com/", "sid=x; Domain=com", "sid2=x; Domain=.COM");

            assertThat(sentTo("http://bank.com/")).isEmpty();
            assertThat(jar.size()).isZero();
        }

        @Test
        void aSecondLevelPublicSuffixIsRefused() {
            set("http://a.evil.co.uk/", "sid=x; Domain=co.uk");

            assertThat(sentTo("http://bank.co.uk/")).isEmpty();
            assertThat(jar.size()).isZero();
        }

        @Test
        void aPrivateSectionSuffixIsRefused() {
            set("https://evil.github.io/", "sid=x; Domain=github.io");

            assertThat(sentTo("https://victim.github.io/")).isEmpty();
            assertThat(jar.size()).isZero();
        }

        @Test
        void aWildcardSuffixIsRefusedAndAnExceptionIsNot() {
            set("http://shop.anything.ck/", "a=1; Domain=anything.ck");
            set("http://a.www.ck/", "b=2; Domain=www.ck");

            assertThat(sentTo("http://other.anything.ck/")).isEmpty();
            assertThat(sentTo("http://www.ck/")).containsExactly("b=2");
        }

        @Test
        void anInternationalizedSuffixIsRefused() {
            set("http://shop.xn--55qx5d.cn/", "a=1; Domain=xn--55qx5d.cn", "b=2; Domain=XN--55QX5D.CN");

            assertThat(jar.size()).isZero();
        }

        @Test
        void anInternationalizedDomainBelowASuffixIsAccepted() {
            set("http://www.xn--85x722f.xn--55qx5d.cn/", "a=1; Domain=xn--85x722f.xn--55qx5d.cn");

            assertThat(sentTo("http://xn--85x722f.xn--55qx5d.cn/")).containsExactly("a=1");
        }

        @Test
        void aPublicSuffixHostMaySetAHostOnlyCookieForItself() {
            // RFC 6265 5.3 step 5: a Domain equal to the request host becomes host-only.
            set("https://github.io/", "a=1; Domain=github.io");

            assertThat(sentTo("https://github.io/")).containsExactly("a=1");
            assertThat(sentTo("https://victim.github.io/")).isEmpty();
        }

        @Test
        void anUnlistedTopLevelDomainIsASuffixToo() {
            set("http://app.localhost/", "a=1; Domain=localhost");
            set("http://localhost/", "b=2; Domain=localhost");

            assertThat(sentTo("http://other.localhost/")).isEmpty();
            assertThat(sentTo("http://localhost/")).containsExactly("b=2");
        }
    }

    // gh-12
    @Nested
    class SecureOrigins {

        @Test
        void aSecureCookieFromPlainHttpIsIgnored() {
            set("http://example.com/", "s=1; Secure", "p=2");

            assertThat(jar.size()).isEqualTo(1);
            assertThat(sentTo("https://example.com/")).containsExactly("p=2");
        }

        @Test
        void plainHttpCannotOverwriteASecureCookie() {
            set("https://example.com/", "sid=good; Secure");
            set("http://example.com/", "sid=evil");

            assertThat(sentTo("https://example.com/")).containsExactly("sid=good");
            assertThat(jar.size()).isEqualTo(1);
        }

        @Test
        void plainHttpCannotDeleteASecureCookie() {
            set("https://example.com/", "sid=good; Secure");
            set("http://example.com/", "sid=; Max-Age=0");

            assertThat(sentTo("https://example.com/")).containsExactly("sid=good");
        }

        @Test
        void plainHttpCannotShadowASecureCookieOnADeeperPathOrFromASubdomain() {
            set("https://example.com/", "sid=good; Secure; Domain=example.com");
            set("http://example.com/", "sid=evil; Path=/admin");
            set("http://www.example.com/", "sid=evil; Domain=example.com", "sid=evil2");

            assertThat(sentTo("https://www.example.com/admin")).containsExactly("sid=good");
            assertThat(jar.size()).isEqualTo(1);
        }

        @Test
        void plainHttpStillSetsCookiesOfOtherNames() {
            set("https://example.com/", "sid=good; Secure");
            set("http://example.com/", "theme=dark");

            assertThat(sentTo("https://example.com/")).containsExactlyInAnyOrder("sid=good", "theme=dark");
        }

        @Test
        void httpsMayReplaceASecureCookie() {
            set("https://example.com/", "sid=old; Secure");
            set("wss://example.com/", "sid=new; Secure");

            assertThat(sentTo("https://example.com/")).containsExactly("sid=new");
        }
    }

    // gh-12
    @Nested
    class Prefixes {

        @Test
        void aSecurePrefixNeedsTheSecureAttribute() {
            set("https://example.com/", "__Secure-a=1", "__Secure-b=2; Secure; Domain=example.com");

            assertThat(sentTo("https://www.example.com/")).containsExactly("__Secure-b=2");
        }

        @Test
        void aHostPrefixNeedsSecureNoDomainAndTheRootPath() {
            set(
                    "https://example.com/docs/",
                    "__Host-a=1; Secure; Path=/",
                    "__Host-b=2; Secure; Path=/; Domain=example.com",
                    "__Host-c=3; Secure",
                    "__Host-d=4; Path=/",
                    "__Host-e=5; Secure; Path=/docs");

            assertThat(sentTo("https://example.com/docs/")).containsExactly("__Host-a=1");
        }

        @Test
        void prefixesAreMatchedWhateverTheirCase() {
            set("https://example.com/", "__secure-a=1", "__HOST-b=2; Secure");

            assertThat(jar.size()).isZero();
        }

        @Test
        void setCookieRefusesAPrefixedName() {
            assertThatThrownBy(() -> jar.setCookie(URI.create("https://example.com/"), "__Host-sid", "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cookie name \"__Host-sid\" has the __Host- prefix, which needs the Secure attribute:"
                            + " setCookie stores a plain cookie, so a server would trust it more than it should");
        }
    }

    // gh-12
    @Nested
    class Limits {

        @Test
        void aCookieOfMoreThan4096BytesIsIgnored() {
            set("http://example.com/", "big=" + "x".repeat(4094), "fits=" + "x".repeat(4092));

            assertThat(jar.filterCookies(URI.create("http://example.com/")))
                    .extracting(Cookie::name)
                    .containsExactly("fits");
        }

        @Test
        void setCookieRefusesACookieOfMoreThan4096Bytes() {
            assertThatThrownBy(() -> jar.setCookie(URI.create("http://example.com/"), "big", "x".repeat(4094)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cookie big has 4097 bytes of name and value; at most 4096 are kept");
        }

        @Test
        void aPathAttributeOfMoreThan1024BytesIsIgnored() {
            set("http://example.com/dir/page", "a=1; Path=/" + "p".repeat(1024));

            assertThat(jar.cookies()).extracting(Cookie::path).containsExactly("/dir");
        }

        @Test
        void aDomainKeepsAtMost50CookiesAndDropsTheLeastRecentlyUsed() {
            set("http://example.com/", "c0=0; Path=/used");
            for (int i = 1; i < 50; i++) {
                set("http://example.com/", "c" + i + "=" + i + "; Path=/x");
            }
            assertThat(sentTo("http://example.com/used")).containsExactly("c0=0"); // c1 is now the least recently used

            set("http://example.com/", "c50=50; Path=/x");
            set("http://other.com/", "o=1");

            assertThat(jar.size()).isEqualTo(51);
            assertThat(sentTo("http://example.com/used")).containsExactly("c0=0");
            assertThat(sentTo("http://example.com/x"))
                    .hasSize(49)
                    .contains("c2=2", "c50=50")
                    .doesNotContain("c1=1");
        }

        @Test
        void expiredCookiesAreDroppedFirst() {
            set("http://example.com/", "old=0; Max-Age=10");
            for (int i = 1; i < 50; i++) {
                set("http://example.com/", "c" + i + "=" + i);
            }
            clock.advance(Duration.ofSeconds(10));

            set("http://example.com/", "c50=50");

            assertThat(sentTo("http://example.com/")).hasSize(50).contains("c1=1", "c50=50");
        }

        @Test
        void theJarKeepsAtMost3000CookiesAndDropsTheLeastRecentlyUsed() {
            for (int d = 0; d <= 60; d++) {
                for (int i = 0; i < 50; i++) {
                    set("http://site" + d + ".example/", "c" + i + "=" + i);
                }
            }

            assertThat(jar.size()).isEqualTo(3000);
            assertThat(sentTo("http://site0.example/")).isEmpty();
            assertThat(sentTo("http://site60.example/")).hasSize(50);
        }

        @Test
        void theLimitsHoldWhenManyThreadsSetCookies() throws Exception {
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(CompletableFuture.runAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                                for (int i = 0; i < 500; i++) {
                                    set("http://site" + (i % 70) + ".example/", "t" + thread + "i" + i + "=1");
                                    jar.filterCookies(URI.create("http://site" + (i % 70) + ".example/"));
                                }
                            },
                            pool));
                }
                start.countDown();
                assertThat(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)))
                        .succeedsWithin(GUARD);
            } finally {
                pool.shutdownNow();
            }

            assertThat(jar.size()).isEqualTo(3000);
            for (int d = 0; d < 70; d++) {
                assertThat(sentTo("http://site" + d + ".example/")).hasSizeLessThanOrEqualTo(50);
            }
        }
    }

    @Nested
    class Paths {

        @Test
        void aCookieGoesToItsPathAndBelowOnly() {
            set("http://example.com/", "a=1; Path=/docs");

            assertThat(sentTo("http://example.com/docs")).containsExactly("a=1");
            assertThat(sentTo("http://example.com/docs/web")).containsExactly("a=1");
            assertThat(sentTo("http://example.com/docsets")).isEmpty();
            assertThat(sentTo("http://example.com/")).isEmpty();
        }

        @Test
        void theDefaultPathIsTheDirectoryOfTheRequest() {
            set("http://example.com/shop/cart/add", "a=1");

            assertThat(sentTo("http://example.com/shop/cart/view")).containsExactly("a=1");
            assertThat(sentTo("http://example.com/shop/other")).isEmpty();
        }

        @Test
        void aPathAttributeNotStartingWithASlashGetsTheDefaultPath() {
            set("http://example.com/shop/cart", "a=1; Path=relative", "b=2; Path=");
            set("http://example.com", "c=3");

            assertThat(jar.cookies()).extracting(Cookie::path).containsExactly("/shop", "/shop", "/");
        }

        @Test
        void longerPathsAreSentFirst() {
            set("http://example.com/", "short=1; Path=/", "long=2; Path=/a/b");

            assertThat(sentTo("http://example.com/a/b/c")).containsExactly("long=2", "short=1");
        }

        @Test
        void sameNameOnDifferentPathsAreDifferentCookies() {
            set("http://example.com/", "a=root; Path=/", "a=deep; Path=/x");

            assertThat(jar.size()).isEqualTo(2);
            assertThat(sentTo("http://example.com/x")).containsExactly("a=deep", "a=root");
        }
    }

    @Nested
    class Attributes {

        @Test
        void aSecureCookieIsSentOverHttpsOnly() {
            set("https://example.com/", "s=1; Secure", "p=2");

            assertThat(sentTo("https://example.com/")).containsExactlyInAnyOrder("s=1", "p=2");
            assertThat(sentTo("http://example.com/")).containsExactly("p=2");
        }

        @Test
        void maxAgeZeroDeletesTheCookie() {
            set("http://example.com/", "a=1", "b=2");
            set("http://example.com/", "a=gone; Max-Age=0");

            assertThat(sentTo("http://example.com/")).containsExactly("b=2");
        }

        @Test
        void aNewValueReplacesTheOld() {
            set("http://example.com/", "a=1");
            set("http://example.com/", "a=2");

            assertThat(sentTo("http://example.com/")).containsExactly("a=2");
        }

        @Test
        void aCookieExpiresAfterMaxAge() {
            set("http://example.com/", "a=1; Max-Age=60", "forever=1");

            clock.advance(Duration.ofSeconds(59));
            assertThat(sentTo("http://example.com/")).containsExactlyInAnyOrder("a=1", "forever=1");
            clock.advance(Duration.ofSeconds(1));
            assertThat(sentTo("http://example.com/")).containsExactly("forever=1");
            assertThat(jar.size()).isEqualTo(1);
        }

        @Test
        void anExpiresDateInThePastDeletesTheCookie() {
            set("http://example.com/", "a=1");
            set("http://example.com/", "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT");

            assertThat(jar.size()).isZero();
        }

        @Test
        void anExpiresDateExpiresOnTheJarsClock() {
            set("http://example.com/", "a=1; Expires=Fri, 02 Jan 2026 00:00:00 GMT");

            assertThat(jar.size()).isEqualTo(1);
            clock.set(Instant.parse("2026-01-01T23:59:59Z"));
            assertThat(jar.size()).isEqualTo(1);
            clock.set(Instant.parse("2026-01-02T00:00:00Z"));
            assertThat(jar.size()).isZero();
        }

        @Test
        void maxAgeWinsOverExpires() {
            set("http://example.com/", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60");

            assertThat(jar.size()).isEqualTo(1);
        }

        @Test
        void aCookieWithANonAsciiAttributeIsIgnoredAndTheOthersKept() {
            // A header's bytes arrive as ISO-8859-1 characters; Netty's decoder throws on those above 0x7e.
            set("http://example.com/", "a=1; Domain=\u00e9xample.com", "b=2; Path=/caf\u00e9", "c=3");

            assertThat(sentTo("http://example.com/")).containsExactly("c=3");
        }

        @Test
        void malformedHeadersAreIgnored() {
            set("http://example.com/", "", "=novalue", "ok=1");

            assertThat(sentTo("http://example.com/")).containsExactly("ok=1");
        }
    }

    // gh-12
    @Test
    void aSessionKeepsNoSecureCookieFromAPlainHttpServer() {
        DisposableServer server = TestSupport.server((req, res) -> res.addHeader("Set-Cookie", "s=1; Secure")
                .addHeader("Set-Cookie", "p=2")
                .sendString(Mono.just("ok")));
        try (ClientSession session = ClientSession.builder().cookieJar(jar).build()) {
            session.get(TestSupport.url(server, "/")).block(GUARD);

            assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("p");
        } finally {
            server.disposeNow();
        }
    }

    // gh-12
    @Test
    void aSetCookieTheDecoderRefusesDoesNotFailTheRequest() {
        DisposableServer server = TestSupport.server((req, res) -> res.addHeader("Set-Cookie", "a=1; Path=/caf\u00e9")
                .addHeader("Set-Cookie", "b=2")
                .sendString(Mono.just("ok")));
        try (ClientSession session = ClientSession.builder().cookieJar(jar).build()) {
            assertThat(session.get(TestSupport.url(server, "/")).block(GUARD).text())
                    .isEqualTo("ok");

            assertThat(jar.cookies()).extracting(Cookie::name).containsExactly("b");
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void setCookieStoresAHostOnlyRootCookie() {
        jar.setCookie(URI.create("http://example.com/deep/path"), "k", "v");

        Cookie c = jar.cookies().get(0);
        assertThat(c.path()).isEqualTo("/");
        assertThat(sentTo("http://example.com/")).containsExactly("k=v");
        assertThat(sentTo("http://sub.example.com/")).isEmpty();
    }

    @Test
    void clearForgetsEverything() {
        set("http://example.com/", "a=1", "b=2");
        jar.clear();

        assertThat(jar.size()).isZero();
        assertThat(jar.cookieHeader(URI.create("http://example.com/"))).isNull();
    }

    /** A clock the test moves by hand; starts at 2026-01-01T00:00:00Z. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }

    @Test
    void aUserHoldingTheJarsMonitorDoesNotBlockIt() {
        synchronized (jar) {
            // What a request on another thread does with the session's jar.
            java.util.concurrent.CompletableFuture<List<Cookie>> cookies =
                    java.util.concurrent.CompletableFuture.supplyAsync(jar::cookies);
            assertThat(cookies).succeedsWithin(Duration.ofSeconds(10)).asList().isEmpty(); // hang guard only
        }
    }
}
