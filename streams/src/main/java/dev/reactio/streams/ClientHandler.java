package dev.reactio.streams;

import reactor.core.publisher.Mono;

/**
 * What a {@link StreamServer} runs for every accepted connection: asyncio's
 * {@code client_connected_cb}. The connection is closed gracefully (pending writes flushed, then
 * FIN) when the returned {@code Mono} terminates, whichever way.
 */
@FunctionalInterface
public interface ClientHandler {

    /**
     * Handles one connection.
     *
     * @param reader reads what the client sends
     * @param writer writes to the client
     * @return a {@code Mono} that completes when the conversation is over
     */
    Mono<Void> handle(StreamReader reader, StreamWriter writer);
}
