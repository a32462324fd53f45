package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** Closing, garbage collection, and the errors of requests that cannot be made or read. */
class ClientSessionLifecycleTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    @Test
    void aRequestOnAClosedSessionFails() {
        ClientSession session = ClientSession.create();
        session.aclose().block(GUARD);

        assertThat(session.isClosed()).isTrue();
        session.get(httpbin.baseUrl() + "/get")
                .as(StepVerifier::create)
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("Session is closed"))
                .verify(GUARD);
        session.stream(
                        "GET",
                        httpbin.baseUrl() + "/get",
                        Body.empty(),
                        RequestOptions.none(),
                        StreamingResponse::content)
                .as(StepVerifier::create)
                .expectError(IllegalStateException.class)
                .verify(GUARD);
    }

    @Test
    void closingTwiceIsHarmless() {
        ClientSession session = ClientSession.create();
        session.close();
        session.aclose().block(GUARD);

        assertThat(session.isClosed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://x/file", "/relative/without/base", "http:///no-host"})
    void anInvalidUrlFailsWithInvalidUrlException(String url) {
        try (ClientSession session = ClientSession.create()) {
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(InvalidUrlException.class)
                            .hasMessageStartingWith("Invalid URL \"" + url + "\": "))
                    .verify(GUARD);
        }
    }

    @Test
    void anInvalidUrlFailsOnlyWhenSubscribed() {
        try (ClientSession session = ClientSession.create()) {
            // Building the request throws nothing: the error is signalled at subscription.
            Mono<ClientResponse> request = session.get("not a url");

            request.as(StepVerifier::create)
                    .expectError(InvalidUrlException.class)
                    .verify(GUARD);
        }
    }

    @Test
    void aRefusedConnectionFailsWithClientConnectionException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        String url = "http://127.0.0.1:" + port + "/";
        try (ClientSession session = ClientSession.create()) {
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ClientConnectionException.class)
                            .hasMessageStartingWith("Connection error for GET " + url))
                    .verify(GUARD);
        }
    }

    // gh-12: a payload error, as aiohttp's ClientPayloadError (was ClientConnectionException)
    @Test
    void aConnectionClosedBeforeTheBodyEndsFailsWithClientPayloadException() {
        // A raw server: promises 100 bytes, sends 5, closes.
        DisposableServer cut = TcpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((in, out) -> in.receive()
                        .take(1)
                        .then(out.sendString(Mono.just("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"))
                                .then()))
                .bindNow();
        try (ClientSession session = ClientSession.create()) {
            String url = "http://127.0.0.1:" + cut.port() + "/";
            session.get(url)
                    .as(StepVerifier::create)
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(ClientPayloadException.class)
                            .hasMessageStartingWith("Response payload from GET " + url + " is not complete: "))
                    .verify(GUARD);
        } finally {
            cut.disposeNow();
        }
    }

    @Test
    void malformedJsonNamesTheUrlAndThePosition() {
        DisposableServer bad = TestSupport.server((req, res) ->
                res.header("Content-Type", "application/json").sendString(Mono.just("{\"a\": 1,\n \"b\" 2}")));
        try (ClientSession session = ClientSession.create()) {
            String url = TestSupport.url(bad, "/bad.json");
            ClientResponse resp = session.get(url).block(GUARD);

            assertThatThrownBy(resp::json)
                    .isInstanceOf(ClientPayloadException.class)
                    .hasMessageStartingWith("Malformed JSON in the response from GET " + url + " at line 2, column 6")
                    .satisfies(
                            e -> assertThat(((ClientPayloadException) e).url()).hasToString(url));
            assertThatThrownBy(() -> resp.json(java.util.Map.class)).isInstanceOf(ClientPayloadException.class);
        } finally {
            bad.disposeNow();
        }
    }

    @Test
    void anUnclosedSessionIsReportedOnceWhenCollected() {
        withSessionWarnings(appender -> {
            String name = dropAnUnclosedSession();

            TestSupport.await("the session was collected and reported", () -> {
                System.gc();
                return warnings(appender, name).size() >= 1;
            });
            System.gc();
            assertThat(warnings(appender, name))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).startsWith("Unclosed client session " + name));
        });
    }

    @Test
    void aClosedSessionIsNotReportedWhenCollected() {
        withSessionWarnings(appender -> {
            String closed = dropASession(true);
            String unclosed = dropASession(false);

            // Both are unreachable; by the time the unclosed one is reported, the closed one has
            // had the same collections to be reported in, and must not have been.
            TestSupport.await("the unclosed session was reported", () -> {
                System.gc();
                return !warnings(appender, unclosed).isEmpty();
            });
            assertThat(warnings(appender, closed)).isEmpty();
        });
    }

    /** Runs {@code test} with ClientSession's WARN events captured (logback-test.xml passes only ERROR). */
    private static void withSessionWarnings(java.util.function.Consumer<ListAppender<ILoggingEvent>> test) {
        Logger logger = (Logger) LoggerFactory.getLogger(ClientSession.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level level = logger.getLevel();
        logger.setLevel(Level.WARN);
        try {
            test.accept(appender);
        } finally {
            logger.setLevel(level);
            logger.detachAppender(appender);
        }
    }

    private static String dropAnUnclosedSession() {
        return dropASession(false);
    }

    /** Creates a session (using it once) and lets go of it; returns its name. */
    private static String dropASession(boolean close) {
        ClientSession session = ClientSession.create();
        session.get(httpbin.baseUrl() + "/get").block(GUARD);
        if (close) {
            session.aclose().block(GUARD);
        }
        String s = session.toString();
        return s.substring("ClientSession[".length(), s.indexOf(s.contains(",") ? ',' : ']'));
    }

    private static List<ILoggingEvent> warnings(ListAppender<ILoggingEvent> appender, String name) {
        synchronized (appender) { // AppenderBase.doAppend appends under this lock
            return appender.list.stream()
                    .filter(e -> e.getLevel() == Level.WARN)
                    .filter(e -> e.getFormattedMessage().contains("Unclosed client session " + name + ":"))
                    .toList();
        }
    }
}
