/**
 * Reactio http: an aiohttp-style client on reactor-netty (to come) and the embedded
 * {@code HttpBinServer} for tests. Exports the API packages only.
 */
module dev.reactio.http {
    requires transitive dev.reactio.core;
    requires reactor.netty.http;
    requires reactor.netty.core;
    requires io.netty.codec.http;
    requires io.netty.buffer;
    requires tools.jackson.core;
    requires tools.jackson.databind;

    // dev.reactio.http joins the exports with ClientSession: javac refuses to export a package
    // that holds only a package-info.
    exports dev.reactio.http.testing;
}
