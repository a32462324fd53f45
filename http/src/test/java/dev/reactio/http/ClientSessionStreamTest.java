package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static dev.reactio.http.TestSupport.await;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.test.StepVerifier;

/** {@code stream(...)}: bodies as a {@code Flux} with backpressure, and the connection freed however it ends. */
class ClientSessionStreamTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    private final ClientSession session = ClientSession.create();

    @AfterEach
    void closeSession() {
        session.aclose().block(GUARD);
    }

    /** The body split into lines, whatever the chunk boundaries; honours backpressure. */
    private static Flux<String> lines(StreamingResponse resp) {
        return Flux.defer(() -> {
            StringBuilder carry = new StringBuilder();
            return resp.content().concatMapIterable(chunk -> {
                carry.append(new String(chunk, UTF_8));
                List<String> out = new ArrayList<>();
                for (int nl = carry.indexOf("\n"); nl >= 0; nl = carry.indexOf("\n")) {
                    out.add(carry.substring(0, nl));
                    carry.delete(0, nl + 1);
                }
                return out;
            });
        });
    }

    private Flux<String> streamLines(String path) {
        return session.stream(
                "GET", httpbin.baseUrl() + path, Body.empty(), RequestOptions.none(), ClientSessionStreamTest::lines);
    }

    @Test
    void linesArriveAsTheyAreRequested() {
        AtomicLong requested = new AtomicLong();
        streamLines("/stream/100")
                .doOnRequest(n -> requested.addAndGet(n))
                .as(flux -> StepVerifier.create(flux, 0))
                .expectSubscription()
                .then(() -> assertThat(requested).hasValue(0))
                .thenRequest(1)
                .assertNext(line -> assertThat(line).contains("\"id\":0"))
                .thenRequest(2)
                .assertNext(line -> assertThat(line).contains("\"id\":1"))
                .assertNext(line -> assertThat(line).contains("\"id\":2"))
                .then(() -> assertThat(requested).hasValue(3))
                .thenRequest(97)
                .expectNextCount(96)
                .assertNext(line -> assertThat(line).contains("\"id\":99"))
                .verifyComplete();

        await("the connection is back", () -> session.connectionStats().active() == 0);
    }

    @Test
    void limitRateStillDeliversEveryLineInOrder() {
        List<String> ids = streamLines("/stream/100")
                .limitRate(5)
                .map(line -> line.replaceAll(".*\"id\":(\\d+).*", "$1"))
                .collectList()
                .block(GUARD);

        assertThat(ids).hasSize(100).startsWith("0", "1").endsWith("99");
    }

    @Test
    void statusAndHeadersAreThereBeforeTheBody() {
        StreamingResponse resp = session.stream(
                        "GET",
                        httpbin.baseUrl() + "/stream/1",
                        Body.empty(),
                        RequestOptions.none(),
                        r -> r.content().then(Mono.just(r)))
                .blockLast(GUARD);

        assertThat(resp.status()).isEqualTo(200);
        assertThat(resp.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(resp.url()).hasToString(httpbin.baseUrl() + "/stream/1");
    }

    @Test
    void takingTheFirstLinesFreesTheConnection() {
        streamLines("/stream/100")
                .take(3)
                .as(StepVerifier::create)
                .expectNextCount(3)
                .expectComplete()
                .verify(GUARD);

        await("the connection is back", () -> session.connectionStats().active() == 0);
    }

    @Test
    void cancellingAnEndlessStreamFreesTheConnection() {
        Sinks.Empty<Void> serverDone = Sinks.empty();
        DisposableServer endless =
                TestSupport.server((req, res) -> res.sendString(Flux.<String>generate(sink -> sink.next("line\n")))
                        // the handler's end means the connection was closed under it
                        .then()
                        .doFinally(s -> serverDone.tryEmitEmpty()));
        try {
            session.stream(
                            "GET",
                            TestSupport.url(endless, "/"),
                            Body.empty(),
                            RequestOptions.none(),
                            ClientSessionStreamTest::lines)
                    .as(StepVerifier::create)
                    .expectNext("line", "line")
                    .thenCancel()
                    .verify(GUARD);

            serverDone.asMono().as(StepVerifier::create).expectComplete().verify(GUARD);
            await("the connection is back", () -> session.connectionStats().active() == 0);
        } finally {
            endless.disposeNow();
        }
    }

    @Test
    void aFailingHandlerFreesTheConnection() {
        session.stream(
                        "GET",
                        httpbin.baseUrl() + "/stream/100",
                        Body.empty(),
                        RequestOptions.none(),
                        r -> r.content().<String>handle((chunk, sink) -> sink.error(new IllegalStateException("boom"))))
                .as(StepVerifier::create)
                .expectErrorMessage("boom")
                .verify(GUARD);

        await("the connection is back", () -> session.connectionStats().active() == 0);
    }

    @Test
    void redirectsAreFollowedBeforeTheHandlerRuns() {
        List<String> lines = session.stream(
                        "GET",
                        httpbin.baseUrl() + "/redirect-to?url=/stream/2",
                        Body.empty(),
                        RequestOptions.none(),
                        ClientSessionStreamTest::lines)
                .collectList()
                .block(GUARD);

        assertThat(lines).hasSize(2);
    }

    @Test
    void aStreamIsNotLimitedByMaxResponseSize() {
        try (ClientSession small = ClientSession.builder().maxResponseSize(100).build()) {
            Long count = small.stream(
                            "GET",
                            httpbin.baseUrl() + "/stream/50",
                            Body.empty(),
                            RequestOptions.none(),
                            ClientSessionStreamTest::lines)
                    .count()
                    .block(GUARD);

            assertThat(count).isEqualTo(50);
        }
    }

    @Test
    void raiseForStatusFailsTheStreamAndFreesTheConnection() {
        RequestOptions raise = RequestOptions.builder().raiseForStatus(true).build();

        session.stream("GET", httpbin.baseUrl() + "/status/404", Body.empty(), raise, StreamingResponse::content)
                .as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(ClientResponseException.class)
                        .hasMessage("404 Not Found for " + httpbin.baseUrl() + "/status/404"))
                .verify(GUARD);

        await("the connection is back", () -> session.connectionStats().active() == 0);
    }

    @Test
    void aHandlerThatIgnoresTheBodyFreesTheConnection() {
        session.stream(
                        "GET",
                        httpbin.baseUrl() + "/stream/100",
                        Body.empty(),
                        RequestOptions.none(),
                        r -> Mono.just(r.status()))
                .as(StepVerifier::create)
                .expectNext(200)
                .expectComplete()
                .verify(GUARD);

        await("the connection is back", () -> session.connectionStats().active() == 0);
        assertThat(session.get(httpbin.baseUrl() + "/get").block(GUARD).status())
                .isEqualTo(200);
    }

    @Test
    void tooManyRedirectsFailsTheStreamWithTheWholeHistory() {
        try (ClientSession two = ClientSession.builder().followRedirects(2).build()) {
            two.stream(
                            "GET",
                            httpbin.baseUrl() + "/redirect/3",
                            Body.empty(),
                            RequestOptions.none(),
                            StreamingResponse::content)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> {
                        assertThat(e)
                                .isInstanceOf(TooManyRedirectsException.class)
                                .hasMessageStartingWith("More than 2 redirects, the last from " + httpbin.baseUrl()
                                        + "/relative-redirect/1");
                        assertThat(((TooManyRedirectsException) e).history())
                                .extracting(r -> r.url().getPath())
                                .containsExactly("/redirect/3", "/relative-redirect/2", "/relative-redirect/1");
                    })
                    .verify(GUARD);
            await("the connection is back", () -> two.connectionStats().active() == 0);
        }
    }
}
