package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** Redirects (history, limit, method changes) and the cookie jar, against httpbin. */
class ClientSessionRedirectTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    private String redirectTo(String target, int status) {
        return httpbin.baseUrl() + "/redirect-to?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8)
                + "&status_code=" + status;
    }

    @Test
    void redirectsAreFollowedAndKeptInHistory() {
        ClientResponse resp = session.get(httpbin.baseUrl() + "/redirect/3").block(GUARD);

        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.url()).hasToString(httpbin.baseUrl() + "/get");
        assertThat(resp.history()).extracting(ClientResponse::status).containsExactly(302, 302, 302);
        assertThat(resp.history())
                .extracting(r -> r.url().getPath())
                .containsExactly("/redirect/3", "/relative-redirect/2", "/relative-redirect/1");
    }

    @Test
    void exactlyTheMaximumNumberOfRedirectsIsAllowed() {
        try (ClientSession two = ClientSession.builder().followRedirects(2).build()) {
            assertThat(two.get(httpbin.baseUrl() + "/redirect/2").block(GUARD).history())
                    .hasSize(2);
        }
    }

    @Test
    void oneRedirectMoreThanTheMaximumFails() {
        try (ClientSession two = ClientSession.builder().followRedirects(2).build()) {
            two.get(httpbin.baseUrl() + "/redirect/3")
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(TooManyRedirectsException.class)
                                .hasMessageStartingWith("More than 2 redirects, the last from " + httpbin.baseUrl()
                                        + "/relative-redirect/1");
                        assertThat(((TooManyRedirectsException) e).history()).hasSize(3);
                    })
                    .verify(GUARD);
        }
    }

    @Test
    void allowRedirectsFalseReturnsTheRedirectItself() {
        ClientResponse resp = session.get(
                        httpbin.baseUrl() + "/redirect/1",
                        RequestOptions.builder().allowRedirects(false).build())
                .block(GUARD);

        assertThat(resp.status()).isEqualTo(302);
        assertThat(resp.headers().get("Location")).isEqualTo("/get");
        assertThat(resp.history()).isEmpty();
    }

    @Test
    void followRedirectsZeroFailsOnTheFirstRedirect() {
        try (ClientSession none = ClientSession.builder().followRedirects(0).build()) {
            none.get(httpbin.baseUrl() + "/redirect/1")
                    .as(StepVerifier::create)
                    .expectError(TooManyRedirectsException.class)
                    .verify(GUARD);
        }
    }

    @Test
    void a303TurnsAPostIntoAGetWithoutBody() {
        ClientResponse resp =
                session.post(redirectTo("/anything", 303), Body.text("payload")).block(GUARD);
        JsonNode json = resp.json();

        assertThat(json.get("method").asString()).isEqualTo("GET");
        assertThat(json.get("data").asString()).isEmpty();
        assertThat(resp.method()).isEqualTo("GET");
        assertThat(resp.history())
                .singleElement()
                .extracting(ClientResponse::method)
                .isEqualTo("POST");
    }

    @Test
    void a302TurnsAPostIntoAGet() {
        JsonNode json = session.post(redirectTo("/anything", 302), Body.json(Map.of("a", 1)))
                .block(GUARD)
                .json();

        assertThat(json.get("method").asString()).isEqualTo("GET");
        assertThat(json.get("headers").has("Content-Type")).isFalse();
    }

    @Test
    void a307KeepsTheMethodAndTheBody() {
        JsonNode json = session.post(redirectTo("/anything", 307), Body.text("again"))
                .block(GUARD)
                .json();

        assertThat(json.get("method").asString()).isEqualTo("POST");
        assertThat(json.get("data").asString()).isEqualTo("again");
    }

    @Test
    void cookiesSetByAResponseAreSentBack() {
        ClientResponse resp =
                session.get(httpbin.baseUrl() + "/cookies/set?k=v&other=2").block(GUARD);

        // /cookies/set redirects to /cookies, which already sees the new cookies
        assertThat(resp.json().get("cookies").get("k").asString()).isEqualTo("v");
        assertThat(session.get(httpbin.baseUrl() + "/cookies")
                        .block(GUARD)
                        .json()
                        .get("cookies")
                        .get("other")
                        .asString())
                .isEqualTo("2");
        assertThat(session.cookieJar().size()).isEqualTo(2);
    }

    @Test
    void deletedCookiesAreNotSentAnyMore() {
        session.get(httpbin.baseUrl() + "/cookies/set?k=v&gone=x").block(GUARD);
        JsonNode cookies = session.get(httpbin.baseUrl() + "/cookies/delete?gone")
                .block(GUARD)
                .json()
                .get("cookies");

        assertThat(cookies.has("gone")).isFalse();
        assertThat(cookies.get("k").asString()).isEqualTo("v");
    }

    @Test
    void aSessionWithoutJarKeepsNoCookies() {
        try (ClientSession noJar = ClientSession.builder().cookieJar(false).build()) {
            JsonNode cookies = noJar.get(httpbin.baseUrl() + "/cookies/set?k=v")
                    .block(GUARD)
                    .json()
                    .get("cookies");

            assertThat(cookies.isEmpty()).isTrue();
            assertThat(noJar.cookieJar()).isNull();
        }
    }
}
