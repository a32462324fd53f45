package dev.reactio.samples.http;

import dev.reactio.Aio;
import dev.reactio.http.ClientResponse;
import dev.reactio.http.ClientSession;
import dev.reactio.samples.SampleContext;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async HTTP client &gt; aiohttp" (异步 HTTP 客户端 &gt; aiohttp): three GETs at
 * once with {@code gather}.
 * <pre>{@code
 * async def fetch(session, url):
 *     """异步获取 URL"""
 *     async with session.get(url) as response:
 *         return await response.text()
 *
 * async def main():
 *     urls = ["https://httpbin.org/get", "https://httpbin.org/delay/1", "https://httpbin.org/json"]
 *     async with aiohttp.ClientSession() as session:
 *         tasks = [fetch(session, url) for url in urls]
 *         results = await asyncio.gather(*tasks)
 *         for result in results:
 *             print(len(result))
 * }</pre>
 * The URLs go to an embedded httpbin unless {@code REACTIO_HTTPBIN} names another
 * ({@link HttpBin}). The three requests run concurrently: the whole sample takes about the one
 * second of {@code /delay/1}, not the sum. Each printed length is that of the response text.
 */
public final class HttpGetSample {

    private HttpGetSample() {}

    /** {@code async def fetch(session, url)}: the response's text. */
    static Mono<String> fetch(ClientSession session, String url) {
        return session.get(url).map(ClientResponse::text);
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how long {@code /delay/1} waits
     * @param httpbin where {@code https://httpbin.org} is
     * @return a cold {@code Mono} that completes once the three lengths are printed and the
     *     session is closed
     */
    public static Mono<Void> main(SampleContext ctx, HttpBin httpbin) {
        List<String> urls = List.of(httpbin.url("/get"), httpbin.delayUrl(ctx.seconds(1)), httpbin.url("/json"));
        // async with aiohttp.ClientSession() as session:
        return Aio.using(
                        Mono.fromSupplier(ClientSession::create),
                        session -> Aio.gather(urls.stream()
                                        .map(url -> fetch(session, url))
                                        .toList())
                                .doOnNext(results -> results.forEach(result -> ctx.print(result.length()))))
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
