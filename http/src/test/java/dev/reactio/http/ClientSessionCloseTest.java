package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static dev.reactio.http.TestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.test.StepVerifier;
import reactor.test.util.RaceTestUtils;

/**
 * {@link ClientSession#aclose()} with work in flight: requests, streams, and WebSockets being
 * opened end with {@link IllegalStateException}, and every connection the session opened is
 * closed (counted on the server's side). Waits are hang guards only.
 */
class ClientSessionCloseTest {

    /** Holds the answers of the {@code /held...} routes; the tests never open it unless they say so. */
    private final Sinks.Empty<Void> gate = Sinks.empty();
    /** Server-side connections open now (counted per doOnConnection call), and ever accepted. */
    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger accepted = new AtomicInteger();
    /** The open server-side connections, with what was asked on them: for failure messages. */
    private final Map<Channel, String> openConnections = new ConcurrentHashMap<>();
    /** Requests that reached a {@code /held...} route, and requests to {@code /ok}. */
    private final AtomicInteger held = new AtomicInteger();

    private final AtomicInteger ok = new AtomicInteger();
    private DisposableServer server;

    @BeforeEach
    void startServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnConnection(c -> {
                    accepted.incrementAndGet();
                    open.incrementAndGet();
                    if (openConnections.putIfAbsent(c.channel(), "no request yet") == null) {
                        c.channel().closeFuture().addListener(f -> openConnections.remove(c.channel()));
                    }
                    c.channel().closeFuture().addListener(f -> open.decrementAndGet());
                })
                .route(r -> r.get("/ok", (req, res) -> {
                            note(req);
                            ok.incrementAndGet();
                            return res.sendString(Mono.just("ok"));
                        })
                        .get("/empty", (req, res) -> {
                            note(req);
                            return res.status(HttpResponseStatus.NO_CONTENT).send();
                        })
                        .get("/held", (req, res) -> {
                            note(req);
                            held.incrementAndGet();
                            return gate.asMono()
                                    .then(Mono.defer(() -> res.sendString(Mono.just("released"))
                                            .then()));
                        })
                        .get("/held-redirect", (req, res) -> {
                            note(req);
                            held.incrementAndGet();
                            return gate.asMono()
                                    .then(Mono.defer(() -> res.status(HttpResponseStatus.FOUND)
                                            .header(HttpHeaderNames.LOCATION, "/ok")
                                            .send()));
                        })
                        .get("/stream", (req, res) -> {
                            note(req);
                            held.incrementAndGet();
                            return res.sendString(Flux.concat(
                                    Mono.just("first"), gate.asMono().then(Mono.just("rest"))));
                        })
                        .get("/ws-held", (req, res) -> {
                            note(req);
                            held.incrementAndGet();
                            return gate.asMono()
                                    .then(Mono.defer(() -> res.sendWebsocket(
                                            (in, out) -> in.receive().then())));
                        })
                        .ws("/ws", (in, out) -> {
                            in.withConnection(
                                    c -> openConnections.computeIfPresent(c.channel(), (ch, was) -> "/ws (WebSocket)"));
                            return in.receive().then();
                        }))
                .bindNow();
    }

    private void note(HttpServerRequest req) {
        req.withConnection(
                c -> openConnections.computeIfPresent(c.channel(), (ch, was) -> req.method() + " " + req.uri()));
    }

    @AfterEach
    void stopServer() {
        server.disposeNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** The message of the error an exchange in flight ends with when {@code session} closes. */
    private static String closedWhileInFlight(ClientSession session, String method, String url) {
        String s = session.toString(); // ClientSession[reactio-session-N, closed]
        String name = s.substring("ClientSession[".length(), s.indexOf(','));
        return "Session is closed: " + name + " (closed while " + method + " " + url + " was in flight); "
                + "create a new ClientSession";
    }

    /** Subscribes now, keeping the outcome for a later StepVerifier. */
    private static <T> Mono<T> started(Mono<T> m) {
        Mono<T> cached = m.cache();
        cached.subscribe(x -> {}, e -> {});
        return cached;
    }

    // gh-issue "Concurrency correctness", item 2: an exchange in flight kept running after aclose()
    @Test
    void aRequestInFlightFailsWithIllegalStateExceptionAndItsConnectionIsClosed() {
        ClientSession session = ClientSession.create();
        String url = url("/held");
        Mono<ClientResponse> request = started(session.get(url));
        await("the request to reach the server", () -> held.get() == 1);

        session.aclose().block(GUARD);

        request.as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage(closedWhileInFlight(session, "GET", url)))
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
    }

    // gh-issue "Concurrency correctness", item 2
    @Test
    void aRequestWaitingForALimitPermitFailsAndNeverConnects() {
        ClientSession session = ClientSession.builder().limit(1).build();
        Mono<ClientResponse> first = started(session.get(url("/held")));
        await("the first request to reach the server", () -> held.get() == 1);
        Mono<ClientResponse> second = started(session.get(url("/ok")));
        await(
                "the second request to wait for the permit",
                () -> session.connectionStats().pending() == 1);

        session.aclose().block(GUARD);

        first.as(StepVerifier::create).expectError(IllegalStateException.class).verify(GUARD);
        second.as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage(closedWhileInFlight(session, "GET", url("/ok"))))
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
        assertThat(ok.get()).as("requests that reached /ok").isZero();
        // Cancelling the first request hands its permit to the second: it must not start then.
        assertThat(accepted.get()).as("connections opened").isEqualTo(1);
    }

    // gh-issue "Concurrency correctness", item 2: the next hop opened a pool of its own after the close
    @Test
    void aRedirectAnsweredAfterTheCloseIsNotFollowed() {
        ClientSession session = ClientSession.create();
        Mono<ClientResponse> request = started(session.get(url("/held-redirect")));
        await("the request to reach the server", () -> held.get() == 1);

        session.aclose().block(GUARD);
        gate.tryEmitEmpty(); // FAIL_TERMINATED cannot happen: the only emission

        request.as(StepVerifier::create)
                .expectError(IllegalStateException.class)
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
        assertThat(ok.get()).as("requests that followed the redirect").isZero();
    }

    // gh-issue "Concurrency correctness", item 2
    @Test
    void aStreamInFlightFailsAfterWhatItEmittedAndItsConnectionIsClosed() {
        ClientSession session = ClientSession.create();
        String url = url("/stream");

        session.stream(
                        "GET",
                        url,
                        Body.empty(),
                        RequestOptions.none(),
                        r -> r.content().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)))
                .as(StepVerifier::create)
                .expectNext("first")
                .then(session::close)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage(closedWhileInFlight(session, "GET", url)))
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
    }

    // gh-issue "Concurrency correctness", item 2: a WebSocket whose handshake ended after the close stayed open
    @Test
    void aWebSocketBeingOpenedWhenTheSessionClosesFailsAndItsConnectionIsClosed() {
        ClientSession session = ClientSession.create();
        String url = "ws://127.0.0.1:" + server.port() + "/ws-held";
        Mono<WebSocketSession> opening = started(session.wsConnect(url));
        await("the upgrade request to reach the server", () -> held.get() == 1);

        session.aclose().block(GUARD);
        gate.tryEmitEmpty(); // the server accepts the upgrade now: too late

        opening.as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessage(closedWhileInFlight(session, "GET", url)))
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
    }

    // issue 13: aclose() is cold everywhere; close() is the eager form
    @Test
    void acloseDoesNothingUntilSubscribed() {
        ClientSession session = ClientSession.create();
        Mono<ClientResponse> request = started(session.get(url("/held")));
        await("the request to reach the server", () -> held.get() == 1);

        Mono<Void> closing = session.aclose(); // not subscribed

        assertThat(session.isClosed()).isFalse();
        gate.tryEmitEmpty();
        assertThat(request.block(GUARD).text()).isEqualTo("released");
        assertThat(session.get(url("/ok")).block(GUARD).text()).isEqualTo("ok");
        closing.block(GUARD);
        assertThat(session.isClosed()).isTrue();
        await("the server to see the connections closed", () -> open.get() == 0);
    }

    @Test
    void closeStartsClosingAtOnce() {
        ClientSession session = ClientSession.create();
        Mono<ClientResponse> request = started(session.get(url("/held")));
        await("the request to reach the server", () -> held.get() == 1);

        session.close();

        request.as(StepVerifier::create)
                .expectError(IllegalStateException.class)
                .verify(GUARD);
        await("the server to see the connection closed", () -> open.get() == 0);
        session.aclose().block(GUARD); // the same close: completes at once
    }

    @Test
    void everyAcloseSubscriberWaitsForTheOneClose() {
        ClientSession session = ClientSession.create();
        Mono<Void> closing = session.aclose();
        Mono.when(closing, closing, session.aclose()).block(GUARD);
        assertThat(session.isClosed()).isTrue();
        closing.as(StepVerifier::create).verifyComplete();
    }

    @Test
    void anUnclosedSessionCollectedWhileARequestIsInFlightLetsItFinishThenClosesItsPool() {
        Logger logger = (Logger) LoggerFactory.getLogger(ClientSession.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        try {
            String[] name = new String[1];
            CompletableFuture<ClientResponse> response = requestFromADroppedSession(url("/held"), name);
            await("the request to reach the server", () -> held.get() == 1);
            await("the dropped session to be collected and reported", () -> {
                System.gc();
                synchronized (warnings) { // AppenderBase.doAppend appends under this lock
                    return warnings.list.stream()
                            .anyMatch(e -> e.getFormattedMessage().contains(name[0] + ":"));
                }
            });

            gate.tryEmitEmpty(); // FAIL_TERMINATED cannot happen: the only emission

            assertThat(response)
                    .succeedsWithin(GUARD)
                    .satisfies(r -> assertThat(r.text()).isEqualTo("released"));
            await("the pool to be closed once the request ended", () -> open.get() == 0);
        } finally {
            logger.setLevel(level);
            logger.detachAppender(warnings);
        }
    }

    /** Starts a GET on a new session and lets go of the session; only the request's future remains. */
    private static CompletableFuture<ClientResponse> requestFromADroppedSession(String url, String[] name) {
        ClientSession session = ClientSession.create();
        String s = session.toString();
        name[0] = s.substring("ClientSession[".length(), s.indexOf(']'));
        return session.get(url).toFuture();
    }

    // gh-issue "Concurrency correctness", item 2
    @Test
    @Tag("stress")
    void aCloseRacingNewRequestsAndWebSocketsLeavesNoConnectionOpen() {
        int rounds = 100 * Math.max(1, Integer.getInteger("reactio.stress", 1)); // -Dreactio.stress=N for more
        // A response without a body: the close may cut the request short at any point, and a
        // cancel that races a body's arrival can make reactor-netty 1.3.7 leak the body's buffer
        // (reactor/reactor-netty#3683), whoever cancels.
        String emptyUrl = url("/empty");
        String wsUrl = "ws://127.0.0.1:" + server.port() + "/ws";
        for (int i = 0; i < rounds; i++) {
            ClientSession session = ClientSession.create();
            List<Object> outcomes = new CopyOnWriteArrayList<>();
            Mono<ClientResponse> request = session.get(emptyUrl).cache();
            Mono<WebSocketSession> ws = session.wsConnect(wsUrl).cache();

            RaceTestUtils.race(session::close, () -> {
                request.subscribe(outcomes::add, outcomes::add);
                ws.subscribe(outcomes::add, outcomes::add);
            });

            int round = i;
            await("round " + round + ": both ended", () -> outcomes.size() == 2);
            for (Object outcome : outcomes) {
                if (outcome instanceof Throwable e) {
                    assertThat(e)
                            .as("round %d", round)
                            .isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("Session is closed: ");
                } else if (outcome instanceof WebSocketSession opened) {
                    // Opened before the close: the close closes it.
                    opened.terminated().block(GUARD);
                }
            }
            session.aclose().block(GUARD);
            try {
                await("the server to see every connection closed", () -> open.get() == 0);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(
                        "round " + round + ": connections still open after the close: " + openConnections.values()
                                + "; outcomes " + outcomes,
                        e);
            }
        }
    }
}
