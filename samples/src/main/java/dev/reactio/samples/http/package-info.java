/**
 * Tutorial chapter "Async HTTP client" (异步 HTTP 客户端): aiohttp's {@code ClientSession} as
 * Reactio's {@code ClientSession}, against an embedded httpbin (or a real one, see
 * {@link dev.reactio.samples.http.HttpBin}).
 */
@NullMarked
package dev.reactio.samples.http;

import org.jspecify.annotations.NullMarked;
