/**
 * Reactio http testing: {@code HttpBinServer}, an embedded httpbin-compatible HTTP server for
 * tests and samples, on reactor-netty. Its API uses JDK types only; it does not need
 * {@code dev.reactio.http}, so any HTTP client can be tested against it.
 */
module dev.reactio.http.testing {
    requires reactor.netty.http;
    requires reactor.netty.core;
    requires reactor.core;
    requires org.reactivestreams;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.transport;
    requires io.netty.common;
    requires io.netty.buffer;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires static org.jspecify;

    exports dev.reactio.http.testing;
}
