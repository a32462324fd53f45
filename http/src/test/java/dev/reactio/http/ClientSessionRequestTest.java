package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** What a request sends (query, headers, bodies, base URL) and how a response reads, against httpbin. */
class ClientSessionRequestTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    private ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    /** Replaces the default session, closing it. */
    private void use(ClientSession other) {
        session.aclose().block(GUARD);
        session = other;
    }

    private JsonNode getJson(String path, RequestOptions options) {
        return session.get(httpbin.baseUrl() + path, options).block(GUARD).json();
    }

    @Nested
    class QueryParams {

        @Test
        void paramsAreSentAsTheQuery() {
            JsonNode json = getJson(
                    "/get",
                    RequestOptions.builder().param("a", 1).param("b", "two").build());

            assertThat(json.get("args").get("a").asString()).isEqualTo("1");
            assertThat(json.get("args").get("b").asString()).isEqualTo("two");
        }

        @Test
        void paramsAreAppendedToTheUrlsOwnQuery() {
            JsonNode json =
                    getJson("/get?a=1", RequestOptions.builder().param("b", "2").build());

            assertThat(json.get("url").asString()).endsWith("/get?a=1&b=2");
        }

        @Test
        void paramsAreEncoded() {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("q", "a b&c=d");
            params.put("ü", "€/?");
            JsonNode json =
                    getJson("/get", RequestOptions.builder().params(params).build());

            assertThat(json.get("args").get("q").asString()).isEqualTo("a b&c=d");
            assertThat(json.get("args").get("ü").asString()).isEqualTo("€/?");
        }

        @Test
        void repeatedParamsAreAllSent() {
            JsonNode json = getJson(
                    "/get",
                    RequestOptions.builder().param("k", "1").param("k", "2").build());

            assertThat(json.get("args").get("k")).hasSize(2);
            assertThat(json.get("args").get("k").get(1).asString()).isEqualTo("2");
        }
    }

    @Nested
    class HeadersSent {

        @Test
        void sessionHeadersGoWithEveryRequest() {
            use(ClientSession.builder().header("X-Session", "s").build());

            assertThat(getJson("/headers", RequestOptions.none())
                            .get("headers")
                            .get("X-Session")
                            .asString())
                    .isEqualTo("s");
            assertThat(getJson("/get", RequestOptions.none())
                            .get("headers")
                            .get("X-Session")
                            .asString())
                    .isEqualTo("s");
        }

        @Test
        void requestHeadersReplaceSessionHeadersOfTheSameName() {
            use(ClientSession.builder()
                    .header("X-Test", "session")
                    .header("X-Other", "kept")
                    .build());
            JsonNode headers = getJson(
                            "/headers",
                            RequestOptions.builder().header("x-test", "request").build())
                    .get("headers");

            assertThat(headers.get("X-Test").asString()).isEqualTo("request");
            assertThat(headers.get("X-Other").asString()).isEqualTo("kept");
        }

        @Test
        void aUserAgentIsSentUnlessOneIsGiven() {
            assertThat(getJson("/user-agent", RequestOptions.none())
                            .get("user-agent")
                            .asString())
                    .startsWith("Reactio-http/");
            assertThat(getJson(
                                    "/user-agent",
                                    RequestOptions.builder()
                                            .header("User-Agent", "me/1")
                                            .build())
                            .get("user-agent")
                            .asString())
                    .isEqualTo("me/1");
        }
    }

    @Nested
    class Bodies {

        private JsonNode post(Body body) {
            return session.post(httpbin.baseUrl() + "/post", body).block(GUARD).json();
        }

        @Test
        void jsonIsEchoedAsJson() {
            JsonNode json = post(Body.json(Map.of("key", "value", "n", 3)));

            assertThat(json.get("json").get("key").asString()).isEqualTo("value");
            assertThat(json.get("json").get("n").asInt()).isEqualTo(3);
            assertThat(json.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
        }

        @Test
        void formIsEchoedAsForm() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "Alice & Bob");
            fields.put("city", "Zürich");
            JsonNode json = post(Body.form(fields));

            assertThat(json.get("form").get("name").asString()).isEqualTo("Alice & Bob");
            assertThat(json.get("form").get("city").asString()).isEqualTo("Zürich");
            assertThat(json.get("data").asString()).isEmpty();
        }

        @Test
        void textIsEchoedAsData() {
            JsonNode json = post(Body.text("héllo"));

            assertThat(json.get("data").asString()).isEqualTo("héllo");
            assertThat(json.get("headers").get("Content-Type").asString()).isEqualTo("text/plain; charset=utf-8");
        }

        @Test
        void bytesAreSentWithTheirContentType() {
            JsonNode json = post(Body.bytes(new byte[] {(byte) 0xff, 0, 1}, "application/octet-stream"));

            assertThat(json.get("data").asString()).isEqualTo("data:application/octet-stream;base64,/wAB");
            assertThat(json.get("headers").get("Content-Length").asString()).isEqualTo("3");
        }

        @Test
        void multipartSendsFieldsAndFiles() {
            JsonNode json = post(Body.multipart(
                    Body.Part.field("name", "Alice"),
                    Body.Part.file("doc", "a.txt", "text/plain", "file content".getBytes(UTF_8))));

            assertThat(json.get("form").get("name").asString()).isEqualTo("Alice");
            assertThat(json.get("files").get("doc").asString()).isEqualTo("file content");
            assertThat(json.get("headers").get("Content-Type").asString()).startsWith("multipart/form-data; boundary=");
        }

        @Test
        void putAndPatchSendTheirBodies() {
            assertThat(session.put(httpbin.baseUrl() + "/put", Body.text("p"))
                            .block(GUARD)
                            .json()
                            .get("data")
                            .asString())
                    .isEqualTo("p");
            assertThat(session.patch(httpbin.baseUrl() + "/patch", Body.text("q"))
                            .block(GUARD)
                            .json()
                            .get("data")
                            .asString())
                    .isEqualTo("q");
        }
    }

    @Nested
    class BaseUrl {

        @Test
        void relativeUrlsAreResolvedAgainstTheBaseUrl() {
            use(ClientSession.builder()
                    .baseUrl(httpbin.baseUrl() + "/anything/")
                    .build());

            assertThat(session.get("x/y").block(GUARD).json().get("url").asString())
                    .isEqualTo(httpbin.baseUrl() + "/anything/x/y");
            assertThat(session.get("/get").block(GUARD).json().get("url").asString())
                    .isEqualTo(httpbin.baseUrl() + "/get");
        }

        @Test
        void absoluteUrlsIgnoreTheBaseUrl() {
            use(ClientSession.builder().baseUrl("http://example.invalid/").build());

            assertThat(session.get(httpbin.baseUrl() + "/get").block(GUARD).status())
                    .isEqualTo(200);
        }
    }

    @Nested
    class RaiseForStatus {

        @Test
        void isOffByDefault() {
            ClientResponse resp = session.get(httpbin.baseUrl() + "/status/404").block(GUARD);

            assertThat(resp.status()).isEqualTo(404);
            assertThat(resp.ok()).isFalse();
        }

        @Test
        void sessionSettingFailsWithStatusReasonAndUrl() {
            use(ClientSession.builder().raiseForStatus(true).build());
            String url = httpbin.baseUrl() + "/status/404";

            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(ClientResponseException.class)
                                .hasMessage("404 Not Found for " + url);
                        ClientResponseException cre = (ClientResponseException) e;
                        assertThat(cre.status()).isEqualTo(404);
                        assertThat(cre.reason()).isEqualTo("Not Found");
                        assertThat(cre.url()).hasToString(url);
                    })
                    .verify(GUARD);
        }

        @Test
        void requestSettingOverridesTheSession() {
            use(ClientSession.builder().raiseForStatus(true).build());
            RequestOptions dontRaise =
                    RequestOptions.builder().raiseForStatus(false).build();

            assertThat(session.get(httpbin.baseUrl() + "/status/500", dontRaise)
                            .block(GUARD)
                            .status())
                    .isEqualTo(500);
        }

        @Test
        void requestSettingRaisesOnADefaultSession() {
            RequestOptions raise = RequestOptions.builder().raiseForStatus(true).build();

            session.get(httpbin.baseUrl() + "/status/503", raise)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ClientResponseException.class)
                            .hasMessageContaining("503")
                            .hasMessageContaining("Service Unavailable")
                            .hasMessageContaining("/status/503"))
                    .verify(GUARD);
        }

        @Test
        void responseMethodRaisesFor4xxAndReturnsItselfOtherwise() {
            ClientResponse notFound =
                    session.get(httpbin.baseUrl() + "/status/404").block(GUARD);
            ClientResponse fine = session.get(httpbin.baseUrl() + "/status/204").block(GUARD);

            assertThatThrownBy(notFound::raiseForStatus)
                    .isInstanceOf(ClientResponseException.class)
                    .hasMessage("404 Not Found for " + httpbin.baseUrl() + "/status/404");
            assertThat(fine.raiseForStatus()).isSameAs(fine);
        }
    }

    @Nested
    class Responses {

        @Test
        void basicAuthWithTheRightCredentialsIsAccepted() {
            use(ClientSession.builder().auth(new BasicAuth("user", "pass")).build());
            ClientResponse resp =
                    session.get(httpbin.baseUrl() + "/basic-auth/user/pass").block(GUARD);

            assertThat(resp.status()).isEqualTo(200);
            assertThat(resp.json().get("user").asString()).isEqualTo("user");
        }

        @Test
        void basicAuthWithWrongCredentialsGets401() {
            RequestOptions wrong =
                    RequestOptions.builder().auth(new BasicAuth("user", "nope")).build();

            assertThat(session.get(httpbin.baseUrl() + "/basic-auth/user/pass", wrong)
                            .block(GUARD)
                            .status())
                    .isEqualTo(401);
            assertThat(session.get(httpbin.baseUrl() + "/basic-auth/user/pass")
                            .block(GUARD)
                            .status())
                    .isEqualTo(401);
        }

        @Test
        void gzipBodiesAreDecoded() {
            JsonNode json =
                    session.get(httpbin.baseUrl() + "/gzip").block(GUARD).json();

            assertThat(json.get("gzipped").asBoolean()).isTrue();
            assertThat(json.get("headers").get("Accept-Encoding").asString()).contains("gzip");
        }

        @Test
        void headHasNoBody() {
            ClientResponse resp = session.head(httpbin.baseUrl() + "/anything").block(GUARD);

            assertThat(resp.status()).isEqualTo(200);
            assertThat(resp.body()).isEmpty();
        }

        @Test
        void deleteAndOptionsAreSent() {
            assertThat(session.delete(httpbin.baseUrl() + "/anything")
                            .block(GUARD)
                            .json()
                            .get("method")
                            .asString())
                    .isEqualTo("DELETE");
            assertThat(session.options(httpbin.baseUrl() + "/anything")
                            .block(GUARD)
                            .json()
                            .get("method")
                            .asString())
                    .isEqualTo("OPTIONS");
        }

        @Test
        void eachSubscriptionSendsTheRequestAgain() {
            Mono<ClientResponse> get = session.get(httpbin.baseUrl() + "/get");

            assertThat(get.block(GUARD).status()).isEqualTo(200);
            assertThat(get.block(GUARD).status()).isEqualTo(200);
        }
    }
}
