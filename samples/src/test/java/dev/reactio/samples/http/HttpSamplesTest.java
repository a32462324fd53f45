package dev.reactio.samples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tutorial's aiohttp examples against the embedded httpbin, at time scale 0. */
class HttpSamplesTest {

    private static HttpBin httpbin;

    @BeforeAll
    static void start() {
        httpbin = HttpBin.open();
    }

    @AfterAll
    static void stop() {
        httpbin.close();
    }

    @Test
    void embeddedUnlessConfigured() {
        assertThat(httpbin.isEmbedded())
                .isEqualTo(System.getenv(HttpBin.ENV) == null && System.getProperty(HttpBin.PROPERTY) == null);
    }

    @Test
    void getPrintsTheLengthOfEachOfTheThreeBodiesInOrder() {
        Transcript transcript = Transcript.atScale(0);

        HttpGetSample.main(transcript.ctx(), httpbin).block(Transcript.HANG_GUARD);

        assertThat(transcript.lines()).hasSize(3).allMatch(line -> line.matches("\\d+"));
        // /get and /delay/0 echo the request (a few hundred bytes); /json is httpbin's slideshow
        try (dev.reactio.http.ClientSession session = dev.reactio.http.ClientSession.create()) {
            assertThat(Integer.parseInt(transcript.lines().get(2)))
                    .isEqualTo(HttpGetSample.fetch(session, httpbin.url("/json"))
                            .block()
                            .length());
        }
    }

    @Test
    void postPrintsHttpbinsEchoAsADict() {
        Transcript transcript = Transcript.atScale(0);

        HttpPostSample.main(transcript.ctx(), httpbin).block(Transcript.HANG_GUARD);

        assertThat(transcript.lines())
                .singleElement()
                .asString()
                .startsWith("{'args': {}, ")
                .contains("'json': {'key': 'value'}")
                .contains("'data': '{\"key\":\"value\"}'")
                .contains("'url': '" + httpbin.url("/post") + "'");
    }

    @Test
    void delayUrlScalesTheTutorialsSecond() {
        assertThat(httpbin.delayUrl(java.time.Duration.ofSeconds(1))).endsWith("/delay/1");
        assertThat(httpbin.delayUrl(java.time.Duration.ofMillis(10))).endsWith("/delay/0.010");
        assertThat(httpbin.delayUrl(java.time.Duration.ZERO)).endsWith("/delay/0");
    }
}
