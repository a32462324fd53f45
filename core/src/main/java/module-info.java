/**
 * Reactio core: Python's asyncio programming model on Project Reactor. Exports the API package
 * only; {@code dev.reactio.internal} is not part of the API.
 */
module dev.reactio.core {
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires transitive org.jspecify;
    requires org.slf4j;
    requires static reactor.blockhound;
    requires static context.propagation;

    exports dev.reactio;
    exports dev.reactio.sync;
    // Internal: shared with Reactio's own modules only (e.g. the one Cleaner), never an API.
    exports dev.reactio.internal to
            dev.reactio.streams,
            dev.reactio.http;
}
