package dev.reactio.http;

/**
 * The kind of a {@link WsMessage}: aiohttp's {@code WSMsgType}, with the same names.
 *
 * <p>{@link #TEXT} and {@link #BINARY} carry data. {@link #CLOSE} is the close frame the server
 * sent (its code and reason), {@link #CLOSED} says the WebSocket is closed and nothing more will
 * arrive, and {@link #ERROR} carries the exception that ended the connection. {@link #PING} and
 * {@link #PONG} exist for parity with aiohttp but are never delivered: pings are answered
 * automatically and pongs are dropped, like aiohttp's {@code autoping=True}.
 *
 * @see WebSocketSession#receive()
 */
public enum WsMsgType {
    /** A text message, {@link WsMessage#text()} holds it. */
    TEXT,
    /** A binary message, {@link WsMessage#data()} holds it. */
    BINARY,
    /** A ping; not delivered (answered automatically). */
    PING,
    /** A pong; not delivered (dropped). */
    PONG,
    /** The server's close frame: {@link WsMessage#closeCode()} and the reason in {@link WsMessage#text()}. */
    CLOSE,
    /** The WebSocket is closed: every later {@code receive()} returns this again. */
    CLOSED,
    /** The connection failed; {@link WsMessage#error()} says why. */
    ERROR;

    /**
     * Whether a message of this type carries data.
     *
     * @return {@code true} for {@link #TEXT} and {@link #BINARY}
     */
    public boolean isData() {
        return this == TEXT || this == BINARY;
    }
}
