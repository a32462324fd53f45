/**
 * Reactio http: an aiohttp-style client on reactor-netty ({@code ClientSession}). Exports the API
 * package only; the embedded {@code HttpBinServer} for tests is in {@code reactio-http-testing}.
 */
module dev.reactio.http {
    requires transitive dev.reactio.core;
    requires transitive reactor.netty.http;
    requires transitive reactor.netty.core;
    requires transitive io.netty.codec.http;
    requires transitive io.netty.handler;
    requires io.netty.codec;
    requires io.netty.transport;
    requires io.netty.common;
    requires io.netty.buffer;
    requires transitive tools.jackson.core;
    requires transitive tools.jackson.databind;
    requires org.slf4j;

    exports dev.reactio.http;
}
