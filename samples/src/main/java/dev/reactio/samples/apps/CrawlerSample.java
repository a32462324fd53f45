package dev.reactio.samples.apps;

import dev.reactio.Aio;
import dev.reactio.TaskGroup;
import dev.reactio.http.ClientResponse;
import dev.reactio.http.ClientSession;
import dev.reactio.samples.SampleContext;
import dev.reactio.sync.AsyncSemaphore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Tutorial section "Async best practices &gt; When to use asyncio" (何时使用 asyncio): "crawlers:
 * asynchronous web scraping" (爬虫：异步网页抓取). A concurrent crawler, as one is written with
 * asyncio and aiohttp:
 * <pre>{@code
 * semaphore = asyncio.Semaphore(4)                      # at most 4 requests at once
 * connector = aiohttp.TCPConnector(limit_per_host=2)    # at most 2 per host
 * cache = {}                                            # url -> Task: shares in-flight fetches
 *
 * def fetch(session, url):
 *     if url not in cache:
 *         cache[url] = asyncio.create_task(get_links(session, url))
 *     return cache[url]
 *
 * async def crawl(tg, session, url):
 *     first = url not in cache
 *     links = await fetch(session, url)     # the same Task for every caller of a URL
 *     if first:
 *         for link in links: tg.create_task(crawl(tg, session, link))
 *
 * async with asyncio.TaskGroup() as tg:
 *     for root in roots: tg.create_task(crawl(tg, session, root))
 * }</pre>
 * The site is generated locally and served on 127.0.0.1 under two host names,
 * {@code 127.0.0.1} and {@code localhost}, so the per-host limit has two hosts to apply to: 15
 * pages per host, each linking to two others and some to the other host. The site counts the
 * requests it serves at once; the crawler prints one progress line per page and, at the end,
 * the peaks, which never exceed the semaphore (4) nor the per-host limit (2).
 */
public final class CrawlerSample {

    static final int PAGES_PER_HOST = 15;
    static final int CONCURRENCY = 4;
    static final int PER_HOST = 2;
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]+)\"");

    private CrawlerSample() {}

    /** The generated site, with the peak of requests it served at once, overall and per host. */
    static final class Site implements AutoCloseable {
        final DisposableServer server;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final Map<String, AtomicInteger> hostInFlight = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> hostPeak = new ConcurrentHashMap<>();

        Site(Duration latency) {
            this.server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .route(routes -> routes.get("/page/{n}", (req, res) -> {
                        String host = req.requestHeaders().get("Host", "").replaceFirst(":\\d+$", "");
                        int n = Integer.parseInt(req.param("n"));
                        enter(host);
                        // A request stops counting when its answer starts, not after the write:
                        // the client may read the answer and send its next request on the same
                        // connection before the write's completion reaches this handler, which
                        // made the server count its own overlap (a per-host peak of 3, limit 2).
                        java.util.concurrent.atomic.AtomicBoolean counted =
                                new java.util.concurrent.atomic.AtomicBoolean(true);
                        Runnable leaveOnce = () -> {
                            if (counted.getAndSet(false)) {
                                leave(host);
                            }
                        };
                        return res.header("Content-Type", "text/html; charset=utf-8")
                                .sendString(Mono.delay(latency).map(x -> {
                                    leaveOnce.run();
                                    return page(host, n);
                                }))
                                .then()
                                .doFinally(s -> leaveOnce.run());
                    }))
                    .bindNow();
        }

        private void enter(String host) {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int h = hostInFlight.computeIfAbsent(host, k -> new AtomicInteger()).incrementAndGet();
            hostPeak.computeIfAbsent(host, k -> new AtomicInteger()).accumulateAndGet(h, Math::max);
        }

        private void leave(String host) {
            inFlight.decrementAndGet();
            hostInFlight.get(host).decrementAndGet();
        }

        /** Page {@code n} links to pages 2n+1 and 2n+2; pages 0 and 7 also to the other host. */
        private String page(String host, int n) {
            StringBuilder html = new StringBuilder("<html><body><h1>Page " + n + " on " + host + "</h1>\n");
            html.append("<a href=\"/page/").append((2 * n + 1) % PAGES_PER_HOST).append("\">next</a>\n");
            html.append("<a href=\"/page/").append((2 * n + 2) % PAGES_PER_HOST).append("\">other</a>\n");
            if (n == 0 || n == 7) {
                String other = host.equals("localhost") ? "127.0.0.1" : "localhost";
                html.append("<a href=\"http://")
                        .append(other)
                        .append(':')
                        .append(server.port())
                        .append("/page/")
                        .append(n)
                        .append("\">elsewhere</a>\n");
            }
            return html.append("</body></html>\n").toString();
        }

        String root() {
            return "http://127.0.0.1:" + server.port() + "/page/0";
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }

    /** The crawler: a semaphore, a per-host connection limit and a cache of in-flight fetches. */
    static final class Crawler {
        private final SampleContext ctx;
        private final ClientSession session;
        private final AsyncSemaphore semaphore = new AsyncSemaphore(CONCURRENCY);
        private final Map<String, Mono<List<String>>> cache = new ConcurrentHashMap<>();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger cacheHits = new AtomicInteger();

        Crawler(SampleContext ctx, ClientSession session) {
            this.ctx = ctx;
            this.session = session;
        }

        /**
         * {@code async def crawl(tg, session, url)}: the first caller for a URL fetches it and
         * crawls its links; later callers await the same cached fetch (in flight or done)
         * without a request of their own.
         */
        Mono<Void> crawl(TaskGroup tg, String url) {
            boolean[] first = {false};
            Mono<List<String>> fetch = cache.computeIfAbsent(url, u -> {
                first[0] = true;
                return semaphore.withPermit(session.get(u)).map(Crawler::links).cache();
            });
            if (!first[0]) {
                cacheHits.incrementAndGet();
                return fetch.then();
            }
            return fetch.doOnNext(links -> {
                        ctx.print(String.format("[%2d] %s (%d links)", done.incrementAndGet(), url, links.size()));
                        for (String link : links) {
                            tg.createTask(crawl(tg, link));
                        }
                    })
                    .then();
        }

        private static List<String> links(ClientResponse resp) {
            List<String> links = new ArrayList<>();
            Matcher m = HREF.matcher(resp.raiseForStatus().text());
            while (m.find()) {
                links.add(resp.url().resolve(URI.create(m.group(1))).toString());
            }
            return links;
        }
    }

    /**
     * Crawls the generated site from page 0 of {@code 127.0.0.1}.
     *
     * @param ctx where to print; its time scale sets the site's latency (0.1 s per page)
     * @return a cold {@code Mono} that completes when every page was crawled
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> new Site(ctx.seconds(0.1))),
                site -> Aio.using(
                        Mono.fromSupplier(() ->
                                ClientSession.builder().limitPerHost(PER_HOST).build()),
                        session -> {
                            Crawler crawler = new Crawler(ctx, session);
                            String root = site.root();
                            return TaskGroup.run(tg -> {
                                        tg.createTask(crawler.crawl(tg, root));
                                        return Mono.empty();
                                    })
                                    .then(Mono.fromRunnable(() -> {
                                        ctx.print("Requests sent: " + crawler.cache.size()
                                                + ", links answered from the cache: " + crawler.cacheHits.get());
                                        int hostPeak = site.hostPeak.values().stream()
                                                .mapToInt(AtomicInteger::get)
                                                .max()
                                                .orElse(0);
                                        ctx.print(
                                                "Peak requests at once: " + site.peak.get() + " (at most " + CONCURRENCY
                                                        + "), per host: " + hostPeak + " (at most " + PER_HOST + ")");
                                        ctx.print("Crawled " + crawler.done.get() + " pages on " + site.hostPeak.size()
                                                + " hosts");
                                    }));
                        }),
                site -> Mono.fromRunnable(site.server::dispose).then(site.server.onDispose()));
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }
}
