/**
 * The HTTP client load benchmark: Reactio's {@code ClientSession} against raw reactor-netty's
 * {@code HttpClient} and {@code java.net.http.HttpClient} ({@link dev.reactio.benchmarks.http.HttpLoad}),
 * and aiohttp on asyncio and uvloop ({@code benchmarks/python/http_load.py}), all against one
 * local nginx serving a static JSON file ({@code benchmarks/http.sh}).
 */
@NullMarked
package dev.reactio.benchmarks.http;

import org.jspecify.annotations.NullMarked;
