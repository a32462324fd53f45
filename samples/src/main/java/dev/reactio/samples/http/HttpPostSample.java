package dev.reactio.samples.http;

import dev.reactio.Aio;
import dev.reactio.http.Body;
import dev.reactio.http.ClientSession;
import dev.reactio.samples.SampleContext;
import java.util.Map;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

/**
 * Tutorial section "Async HTTP client &gt; Async POST request" (异步 POST 请求): send JSON, read
 * the JSON answer.
 * <pre>{@code
 * async def post_data(session, url, data):
 *     """异步 POST 请求"""
 *     async with session.post(url, json=data) as response:
 *         return await response.json()
 *
 * async def main():
 *     url = "https://httpbin.org/post"
 *     data = {"key": "value"}
 *     async with aiohttp.ClientSession() as session:
 *         result = await post_data(session, url, data)
 *         print(result)
 * }</pre>
 * httpbin echoes the request: the printed dict holds {@code 'json': {'key': 'value'}}. The
 * JSON is read into a {@code Map} so that it prints like Python's dict.
 */
public final class HttpPostSample {

    private HttpPostSample() {}

    /** {@code async def post_data(session, url, data)}: the response's JSON. */
    static Mono<Map<String, Object>> postData(ClientSession session, String url, Object data) {
        return session.post(url, Body.json(data)).map(resp -> resp.json(new TypeReference<Map<String, Object>>() {}));
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print
     * @param httpbin where {@code https://httpbin.org} is
     * @return a cold {@code Mono} that completes once the result is printed and the session is
     *     closed
     */
    public static Mono<Void> main(SampleContext ctx, HttpBin httpbin) {
        String url = httpbin.url("/post");
        Map<String, String> data = Map.of("key", "value");
        return Aio.using(
                        Mono.fromSupplier(ClientSession::create),
                        session -> postData(session, url, data).doOnNext(ctx::print))
                .then();
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print
     */
    public static void run(SampleContext ctx) {
        try (HttpBin httpbin = HttpBin.open()) {
            Aio.run(main(ctx, httpbin));
        }
    }
}
