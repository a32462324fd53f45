/**
 * An aiohttp-style HTTP client: {@link dev.reactio.http.ClientSession} and its responses, bodies,
 * timeouts, cookies and WebSockets, on reactor-netty's {@code HttpClient}.
 */
@NullMarked
package dev.reactio.http;

import org.jspecify.annotations.NullMarked;
