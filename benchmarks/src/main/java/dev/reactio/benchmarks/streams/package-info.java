/**
 * The echo server load benchmark of {@code dev.reactio.streams}: the tutorial's echo server on
 * Reactio streams against a raw reactor-netty {@code TcpServer} echo and Python's asyncio and
 * uvloop stream servers ({@code benchmarks/python/echo_server.py}), driven by the C load
 * generator {@code echoload} ({@code benchmarks/echo.sh}); and the heap an idle connection costs.
 */
@NullMarked
package dev.reactio.benchmarks.streams;

import org.jspecify.annotations.NullMarked;
