package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The tutorial's two aiohttp examples, in Java shape, against the embedded httpbin. */
class TutorialExamplesTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    /** {@code async with session.get(url) as response: return await response.text()}, three at once. */
    @Test
    void threeConcurrentGetsWithGather() {
        List<String> urls =
                List.of(httpbin.baseUrl() + "/get", httpbin.baseUrl() + "/delay/1", httpbin.baseUrl() + "/json");
        List<String> bodies = Mono.usingWhen(
                        Mono.fromSupplier(ClientSession::create),
                        session -> Aio.gather(urls.stream()
                                .map(url -> session.get(url).map(ClientResponse::text))
                                .toList()),
                        ClientSession::aclose)
                .block();

        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).contains("\"url\"").contains("/get");
        assertThat(bodies.get(1)).contains("/delay/1");
        assertThat(bodies.get(2)).contains("slideshow");
    }

    /** {@code session.post(url, json={"key": "value"})} and {@code await response.json()}. */
    @Test
    void postJsonAndReadItBack() {
        try (ClientSession session = ClientSession.create()) {
            JsonNode json = session.post(httpbin.baseUrl() + "/post", Body.json(Map.of("key", "value")))
                    .map(ClientResponse::json)
                    .block();

            assertThat(json.get("json").get("key").asString()).isEqualTo("value");
            assertThat(json.get("headers").get("Content-Type").asString()).isEqualTo("application/json");
        }
    }
}
