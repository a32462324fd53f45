package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.http.RedirectPolicy.Decision;
import dev.reactio.http.RedirectPolicy.Hop;
import java.net.URI;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The redirect rules without sockets: which responses redirect, where to, and what the next hop keeps. Issue 13. */
class RedirectPolicyTest {

    private static final RedirectPolicy FOLLOW = new RedirectPolicy(true, 10);
    private static final Body PAYLOAD = Body.text("payload");

    private static Hop hop(String method, String url) {
        return Hop.first(
                method, URI.create(url), method.equals("GET") || method.equals("HEAD") ? Body.empty() : PAYLOAD);
    }

    /** The next hop {@code FOLLOW} decides, failing the test if it is not a redirect to follow. */
    private static Hop next(Hop from, int status, String location) {
        Decision d = FOLLOW.decide(from, status, location, 0);
        assertThat(d).isInstanceOf(Decision.Follow.class);
        return ((Decision.Follow) d).next();
    }

    @Nested
    class MethodRewrite {

        // issue 13: aiohttp's (and browsers') rules; "body" means the request's own body is sent again
        @ParameterizedTest(name = "{0} answered {1} -> {2} {3}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "POST    | 301 | GET     | no body",
                    "POST    | 302 | GET     | no body",
                    "POST    | 303 | GET     | no body",
                    "POST    | 307 | POST    | body",
                    "POST    | 308 | POST    | body",
                    "PUT     | 301 | PUT     | body",
                    "PUT     | 302 | PUT     | body",
                    "PUT     | 303 | GET     | no body",
                    "PUT     | 307 | PUT     | body",
                    "PATCH   | 302 | PATCH   | body",
                    "PATCH   | 303 | GET     | no body",
                    "PATCH   | 308 | PATCH   | body",
                    "DELETE  | 301 | DELETE  | body",
                    "DELETE  | 303 | GET     | no body",
                    "OPTIONS | 303 | GET     | no body",
                    "GET     | 301 | GET     | no body",
                    "GET     | 302 | GET     | no body",
                    "GET     | 303 | GET     | no body",
                    "GET     | 307 | GET     | no body",
                    "GET     | 308 | GET     | no body",
                    "HEAD    | 301 | HEAD    | no body",
                    "HEAD    | 302 | HEAD    | no body",
                    "HEAD    | 303 | HEAD    | no body",
                    "HEAD    | 307 | HEAD    | no body",
                })
        void theMethodAndBodyOfTheNextHopFollowTheStatus(String method, int status, String nextMethod, String body) {
            Hop from = hop(method, "http://h/a");

            Hop to = next(from, status, "/b");

            assertThat(to.method()).isEqualTo(nextMethod);
            assertThat(to.url()).hasToString("http://h/b");
            if (body.equals("body")) {
                assertThat(to.body()).isSameAs(from.body());
            } else {
                assertThat(to.body().isEmpty()).isTrue();
            }
        }
    }

    @Nested
    class WhatRedirects {

        // issue 13
        @ParameterizedTest
        @ValueSource(ints = {200, 201, 204, 300, 304, 305, 306, 309, 399, 400, 404, 500})
        void onlyA301302303307Or308WithALocationRedirects(int status) {
            assertThat(FOLLOW.decide(hop("GET", "http://h/a"), status, "/b", 0)).isSameAs(RedirectPolicy.FINAL);
        }

        // issue 13
        @ParameterizedTest
        @ValueSource(ints = {301, 302, 303, 307, 308})
        void aRedirectWithoutLocationIsFinal(int status) {
            assertThat(FOLLOW.decide(hop("GET", "http://h/a"), status, null, 0)).isSameAs(RedirectPolicy.FINAL);
            assertThat(FOLLOW.decide(hop("GET", "http://h/a"), status, "", 0)).isSameAs(RedirectPolicy.FINAL);
        }

        // issue 13
        @Test
        void redirectsNotAllowedAreFinalEvenWithAnUnusableLocation() {
            RedirectPolicy none = new RedirectPolicy(false, 10);

            assertThat(none.decide(hop("GET", "http://h/a"), 302, "/b", 0)).isSameAs(RedirectPolicy.FINAL);
            assertThat(none.decide(hop("GET", "http://h/a"), 302, "ftp://x/", 0))
                    .isSameAs(RedirectPolicy.FINAL);
        }

        // issue 13
        @Test
        void exactlyTheMaximumIsFollowedAndOneMoreIsTooMany() {
            RedirectPolicy two = new RedirectPolicy(true, 2);
            Hop from = hop("GET", "http://h/a");

            assertThat(two.decide(from, 302, "/b", 1)).isInstanceOf(Decision.Follow.class);
            assertThat(two.decide(from, 302, "/b", 2)).isEqualTo(new Decision.TooMany(2));
            assertThat(new RedirectPolicy(true, 0).decide(from, 302, "/b", 0)).isEqualTo(new Decision.TooMany(0));
            assertThat(two.decide(from, 200, "/b", 2)).isSameAs(RedirectPolicy.FINAL);
        }

        // issue 13
        @Test
        void anUnusableLocationFailsBeforeTheMaximumIsChecked() {
            assertThatThrownBy(() -> new RedirectPolicy(true, 0).decide(hop("GET", "http://h/a"), 302, "ftp://x/", 0))
                    .isInstanceOf(InvalidUrlException.class);
        }
    }

    @Nested
    class Location {

        // issue 13: java.net.URI's resolution (RFC 2396), as before the policy was its own class
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "/c                    | http://h/c",
                    "c                     | http://h/a/c",
                    "../c                  | http://h/c",
                    "./                    | http://h/a/",
                    "/c?x=1&y              | http://h/c?x=1&y",
                    "/c#frag               | http://h/c#frag",
                    "#g                    | http://h/a/b?q=1#g",
                    "//other.example/x     | http://other.example/x",
                    "https://h/a/b         | https://h/a/b",
                    "HTTP://H:8080/x       | HTTP://H:8080/x",
                    "http://user:pw@h/x    | http://h/x",
                    "http://[::1]:8080/x   | http://[::1]:8080/x",
                    "/a%20b/%E2%9C%93      | http://h/a%20b/%E2%9C%93",
                    // RFC 3986 would keep the path (http://h/a/b?x=2); java.net.URI drops its last segment
                    "?x=2                  | http://h/a/?x=2",
                })
        void aLocationIsResolvedAgainstTheUrlItCameFrom(String location, String expected) {
            assertThat(next(hop("GET", "http://h/a/b?q=1#f"), 302, location).url())
                    .hasToString(expected);
        }

        // issue 13
        @Test
        void theFragmentOfTheRequestIsNotCarriedOver() {
            assertThat(next(hop("GET", "http://h/a#top"), 301, "/b").url()).hasToString("http://h/b");
        }

        // issue 13 (messages as issue 12 fixed them)
        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "http://[::1/x          | Invalid URL \"http://[::1/x\": redirect from http://h/a: Expected closing bracket for IPv6 address",
                    "http://bad host/       | Invalid URL \"http://bad host/\": redirect from http://h/a: Illegal character in authority",
                    "/%zz                   | Invalid URL \"/%zz\": redirect from http://h/a: Malformed escape pair",
                    "ftp://example.com/x    | Invalid URL \"ftp://example.com/x\": redirect from http://h/a to a non-HTTP URL",
                    // without "//", what precedes an '@' may be a secret: masked (Urls.redact)
                    "mailto:a@example.com   | Invalid URL \"mailto:***@example.com\": redirect from http://h/a to a non-HTTP URL",
                    "ws://h/socket          | Invalid URL \"ws://h/socket\": redirect from http://h/a to a non-HTTP URL",
                    "http:///x              | Invalid URL \"http:///x\": redirect from http://h/a to a URL without a host",
                    "http://:80/x           | Invalid URL \"http://:80/x\": redirect from http://h/a to a URL without a host: \":80\" is not a valid host[:port] (a host name may hold letters, digits, '-' and '.' only; java.net.URI refuses '_')",
                    "http://my_host:8080/   | Invalid URL \"http://my_host:8080/\": redirect from http://h/a to a URL without a host: \"my_host:8080\" is not a valid host[:port] (a host name may hold letters, digits, '-' and '.' only; java.net.URI refuses '_')",
                    "http://m:pw@bad host/  | Invalid URL \"http://m:***@bad host/\": redirect from http://h/a: Illegal character in authority",
                })
        void anUnusableLocationFailsWithInvalidUrlException(String location, String message) {
            assertThatThrownBy(() -> FOLLOW.decide(hop("GET", "http://h/a"), 302, location, 0))
                    .isInstanceOf(InvalidUrlException.class)
                    .hasMessage(message);
        }
    }

    @Nested
    class Origins {

        // issue 13
        @ParameterizedTest(name = "{0} -> {1}: cross-origin {2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "http://h/a        | /b                      | false",
                    "http://h/a        | http://H:80/b           | false",
                    "http://h:80/a     | http://h/b              | false",
                    "https://h/a       | https://h:443/b         | false",
                    "http://h/a        | http://user:pw@h/b      | false",
                    "http://h/a        | https://h/b             | true",
                    "https://h/a       | http://h/b              | true",
                    "http://h/a        | http://h:8080/b         | true",
                    "http://h/a        | http://other/b          | true",
                    "http://h/a        | http://sub.h/b          | true",
                    "http://127.0.0.1/ | http://localhost/b      | true",
                })
        void aRedirectIsCrossOriginWhenSchemeHostOrPortChange(String from, String location, boolean cross) {
            assertThat(next(hop("GET", from), 302, location).crossOrigin()).isEqualTo(cross);
        }

        // issue 13
        @Test
        void comingBackToTheFirstOriginStaysCrossOrigin() {
            Hop away = next(hop("GET", "http://h/a"), 302, "http://other/b");
            Hop back = next(away, 302, "http://h/c");

            assertThat(back.crossOrigin()).isTrue();
            assertThat(back.first()).hasToString("http://h/a");
        }

        // issue 13
        @Test
        void theOriginIsTheFirstHopsNotThePreviousOnes() {
            Hop away = next(hop("GET", "http://h/a"), 302, "http://other/b");

            assertThat(next(away, 302, "/c").crossOrigin())
                    .as("still away from http://h")
                    .isTrue();
        }

        // issue 13: the headers dropped are those of the session and of the request options
        @ParameterizedTest(name = "{0}: sent cross-origin {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "Authorization       | false",
                    "authorization       | false",
                    "Cookie              | false",
                    "COOKIE              | false",
                    "Proxy-Authorization | false",
                    "User-Agent          | true",
                    "Accept              | true",
                    "X-Api-Key           | true",
                    "Set-Cookie          | true",
                    "Cookie2             | true",
                })
        void onlyCredentialHeadersAreDroppedOnceCrossOrigin(String header, boolean sentCrossOrigin) {
            Hop same = next(hop("GET", "http://h/a"), 302, "/b");
            Hop cross = next(hop("GET", "http://h/a"), 302, "http://other/b");

            assertThat(same.sends(header)).isTrue();
            assertThat(cross.sends(header)).isEqualTo(sentCrossOrigin);
            assertThat(RedirectPolicy.survivesOriginChange(header)).isEqualTo(sentCrossOrigin);
        }

        // issue 13
        @Test
        void basicAuthIsSentToTheFirstOriginOnly() {
            assertThat(hop("GET", "http://h/a").sendsAuth()).isTrue();
            assertThat(next(hop("GET", "http://h/a"), 307, "/b").sendsAuth()).isTrue();
            assertThat(next(hop("GET", "http://h/a"), 307, "http://other/b").sendsAuth())
                    .isFalse();
        }
    }
}
