package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.cookie.Cookie;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The jar's RFC 6265 storage model, without a network. */
class CookieJarTest {

    private final MutableClock clock = new MutableClock();
    private final CookieJar jar = new CookieJar(clock);

    private void set(String url, String... setCookie) {
        jar.updateCookies(URI.create(url), List.of(setCookie));
    }

    private List<String> sentTo(String url) {
        return jar.filterCookies(URI.create(url)).stream().map(c -> c.name() + "=" + c.value()).toList();
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
        void malformedHeadersAreIgnored() {
            set("http://example.com/", "", "=novalue", "ok=1");

            assertThat(sentTo("http://example.com/")).containsExactly("ok=1");
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
