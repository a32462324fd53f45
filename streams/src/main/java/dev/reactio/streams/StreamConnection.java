package dev.reactio.streams;

/**
 * The two ends of an open connection: what {@code asyncio.open_connection} returns.
 *
 * @param reader reads what the peer sends
 * @param writer writes to the peer; {@link StreamWriter#close()} closes the connection
 */
public record StreamConnection(StreamReader reader, StreamWriter writer) {}
