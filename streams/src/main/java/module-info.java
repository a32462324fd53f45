/**
 * Reactio streams: asyncio's TCP streams on reactor-netty, and aiofiles-style files.
 * Exports the API package only.
 */
module dev.reactio.streams {
    requires transitive dev.reactio.core;
    requires transitive reactor.netty.core;
    requires transitive io.netty.handler;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.common;
    requires org.slf4j;

    exports dev.reactio.streams;
}
