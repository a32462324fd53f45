package dev.reactio.http;

import static dev.reactio.http.TestSupport.GUARD;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import tools.jackson.databind.JsonNode;

/** What {@link Body} puts on the wire, checked by the servers that parse it. */
class BodyTest {

    @RegisterExtension
    static final HttpBin httpbin = new HttpBin();

    /** What a raw loopback server received: the Content-Type and the body, byte for byte (ISO-8859-1). */
    private record Received(String contentType, String body) {

        String boundary() {
            return contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        }

        /** The header lines of every part, in order. */
        List<List<String>> partHeaders() {
            List<List<String>> parts = new ArrayList<>();
            for (String part : body.split(Pattern.quote("--" + boundary()))) {
                if (part.startsWith("\r\n")) {
                    String head = part.substring(2, part.indexOf("\r\n\r\n"));
                    parts.add(List.of(head.split("\r\n")));
                }
            }
            return parts;
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final DisposableServer server = TestSupport.server((req, res) -> req.receive()
            .aggregate()
            .asString(ISO_8859_1)
            .defaultIfEmpty("")
            .doOnNext(body -> received.add(new Received(req.requestHeaders().get("Content-Type"), body)))
            .then(res.sendString(Mono.just("ok")).then()));
    private final ClientSession session = ClientSession.builder().limit(1).build();

    @AfterEach
    void close() {
        session.aclose().block(GUARD);
        server.disposeNow();
    }

    private Received sendRaw(Body body) {
        session.post(TestSupport.url(server, "/"), body).block(GUARD);
        return received.get(received.size() - 1);
    }

    private JsonNode sendToHttpBin(Body body) {
        return session.post(httpbin.baseUrl() + "/post", body).block(GUARD).json();
    }

    @Nested
    class MultipartNames {

        @Test
        void aQuoteInAFieldNameCannotTurnTheFieldIntoAFile() {
            Body body = Body.multipart(Body.Part.field("a\"; filename=\"x.sh", "v"));

            JsonNode json = sendToHttpBin(body);
            assertThat(json.get("files").isEmpty()).as("files").isTrue();
            // Still the one field, named with the escapes (Netty's decoder reads ';' and '=' in a name as spaces).
            assertThat(json.get("form").toString()).isEqualTo("{\"a%22  filename %22x.sh\":\"v\"}");
            assertThat(sendRaw(body).partHeaders().get(0))
                    .contains("Content-Disposition: form-data; name=\"a%22; filename=%22x.sh\"");
        }

        @Test
        void aQuoteInAFileNameCannotAddParameters() {
            Body body = Body.multipart(Body.Part.file("doc", "x\"; name=\"admin", "text/plain", "hi".getBytes(UTF_8)));

            JsonNode json = sendToHttpBin(body);
            assertThat(json.get("files").get("doc").asString()).isEqualTo("hi");
            assertThat(json.get("form").isEmpty()).as("form").isTrue();
            assertThat(sendRaw(body).partHeaders().get(0))
                    .contains("Content-Disposition: form-data; name=\"doc\"; filename=\"x%22; name=%22admin\"");
        }

        @Test
        void crAndLfInNamesAreEscapedAsBrowsersDo() {
            Body body = Body.multipart(
                    Body.Part.file("a\r\nX-Injected: 1", "b\r\nX-Injected: 2", "text/plain", "hi".getBytes(UTF_8)));

            List<String> headers = sendRaw(body).partHeaders().get(0);
            assertThat(headers)
                    .contains(
                            "Content-Disposition: form-data; name=\"a%0D%0AX-Injected: 1\"; filename=\"b%0D%0AX-Injected: 2\"");
            assertThat(headers).noneMatch(h -> h.startsWith("X-Injected"));
        }

        @Test
        void nonAsciiNamesAreSentInUtf8() {
            Body body = Body.multipart(Body.Part.field("prénom", "Zoë"));

            assertThat(sendToHttpBin(body).get("form").get("prénom").asString()).isEqualTo("Zoë");
        }

        @Test
        void aNulInANameIsRefused() {
            assertThatThrownBy(() -> Body.Part.field("a\0b", "v"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Body.Part name contains NUL at index 1: \"a\\0b\" (a header cannot carry it)");
        }

        @Test
        void aNulInAFileNameIsRefused() {
            assertThatThrownBy(() -> Body.Part.file("f", "a.txt\0.sh", "text/plain", new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "Body.Part filename contains NUL at index 5: \"a.txt\\0.sh\" (a header cannot carry it)");
        }
    }

    @Nested
    class MultipartHeaders {

        @Test
        void aPartContentTypeWithCrLfIsRefused() {
            assertThatThrownBy(() -> Body.Part.file("f", "a.txt", "text/plain\r\nX-Injected: 1", new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Body.Part contentType contains CR at index 10");
        }

        @Test
        void eachPartCarriesOnlyContentDispositionAndContentType() {
            Body body = Body.multipart(
                    Body.Part.field("name", "Alice"),
                    Body.Part.file("doc", "a.txt", "text/plain", "file content".getBytes(UTF_8)));

            assertThat(sendRaw(body).partHeaders())
                    .containsExactly(
                            List.of(
                                    "Content-Disposition: form-data; name=\"name\"",
                                    "Content-Type: text/plain; charset=utf-8"),
                            List.of(
                                    "Content-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"",
                                    "Content-Type: text/plain"));
        }

        @Test
        void twoFilesWithTheSameNameAreTwoPartsOfTheForm() {
            // Not the nested multipart/mixed of RFC 2388, which RFC 7578 deprecates and many servers cannot read.
            Body body = Body.multipart(
                    Body.Part.file("docs", "a.txt", "text/plain", "A".getBytes(UTF_8)),
                    Body.Part.file("docs", "b.txt", "text/plain", "B".getBytes(UTF_8)));

            Received r = sendRaw(body);
            assertThat(r.body()).doesNotContainIgnoringCase("multipart/mixed");
            assertThat(r.partHeaders()).hasSize(2);
            JsonNode files = sendToHttpBin(body).get("files").get("docs");
            assertThat(files.get(0).asString()).isEqualTo("A");
            assertThat(files.get(1).asString()).isEqualTo("B");
        }

        @Test
        void theBodyIsSentWithItsLength() {
            Body body = Body.multipart(Body.Part.field("a", "b"));

            JsonNode json = sendToHttpBin(body);
            assertThat(json.get("headers").get("Content-Length").asString())
                    .isEqualTo(String.valueOf(body.bytes().length));
            assertThat(json.get("headers").get("Content-Type").asString()).isEqualTo(body.contentType());
        }

        @Test
        void aContentTypeFromTheRequestHeadersCannotHideTheBoundary() {
            Body body = Body.multipart(Body.Part.field("a", "b"));
            RequestOptions options = RequestOptions.builder()
                    .header("Content-Type", "multipart/form-data")
                    .build();

            session.post(TestSupport.url(server, "/"), body, options).block(GUARD);

            assertThat(received.get(0).contentType()).isEqualTo(body.contentType());
        }
    }

    @Nested
    class MultipartBoundary {

        private static final long GAMMA = 0x9e3779b97f4a7c15L;

        @Test
        void successiveBoundariesAreNotAPredictableSequence() {
            // A peer that sees boundaries must not be able to predict the next, or a file whose content it
            // controls could carry "--boundary" and add parts of its own. ThreadLocalRandom (Netty's encoder)
            // is a bijection of a counter that moves by GAMMA + 2 * threadId per draw: two outputs give the
            // step, and the outputs after them follow.
            Body body = Body.multipart(Body.Part.field("a", "b"));
            long first = unmix64(trailingHex(sendRaw(body).boundary()));
            long second = unmix64(trailingHex(sendRaw(body).boundary()));

            long distance = second - first;
            for (long draws = 1; draws <= 1_000; draws++) {
                long rest = distance - draws * GAMMA; // = draws * 2 * threadId for a ThreadLocalRandom
                boolean counterStep = rest >= 0 && rest % (2 * draws) == 0 && rest / (2 * draws) < (1 << 20);
                assertThat(counterStep)
                        .as("%d draws of ThreadLocalRandom on thread %d apart", draws, rest / (2 * draws))
                        .isFalse();
            }
        }

        @Test
        void aBoundaryIsNeverPartOfTheData() {
            byte[] data = "x\r\n--colliding\r\ny".getBytes(UTF_8);
            List<String> candidates = new ArrayList<>(List.of("colliding", "fresh"));

            Body body =
                    Body.multipart(List.of(Body.Part.file("f", "a", "text/plain", data)), () -> candidates.remove(0));

            assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=fresh");
        }

        @Test
        void boundariesAreLongAndRandom() {
            Body a = Body.multipart(Body.Part.field("a", "b"));
            Body b = Body.multipart(Body.Part.field("a", "b"));

            Matcher m = Pattern.compile("multipart/form-data; boundary=(-+ReactioFormBoundary[0-9a-f]{32})")
                    .matcher(a.contentType());
            assertThat(m.matches()).as(a.contentType()).isTrue();
            assertThat(a.contentType()).isNotEqualTo(b.contentType());
        }

        private static long trailingHex(String boundary) {
            Matcher m = Pattern.compile("([0-9a-fA-F]{1,16})$").matcher(boundary);
            assertThat(m.find()).as(boundary).isTrue();
            return Long.parseUnsignedLong(m.group(1), 16);
        }

        /** The inverse of ThreadLocalRandom's output mix (MurmurHash3's fmix64). */
        private static long unmix64(long z) {
            z = z ^ (z >>> 33);
            z *= 0x9cb4b2f8129337dbL; // inverse of 0xc4ceb9fe1a85ec53 mod 2^64
            z = z ^ (z >>> 33);
            z *= 0x4f74430c22a54005L; // inverse of 0xff51afd7ed558ccd mod 2^64
            return z ^ (z >>> 33);
        }
    }
}
