package dev.reactio.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message received on a {@link WebSocketSession}: aiohttp's {@code WSMessage}.
 *
 * <table>
 * <caption>What each type carries</caption>
 * <tr><th>{@link #type()}</th><th>{@link #text()}</th><th>{@link #data()}</th><th>{@link #closeCode()}</th><th>{@link #error()}</th></tr>
 * <tr><td>{@code TEXT}</td><td>the message</td><td>{@code null}</td><td>0</td><td>{@code null}</td></tr>
 * <tr><td>{@code BINARY}</td><td>{@code null}</td><td>the message</td><td>0</td><td>{@code null}</td></tr>
 * <tr><td>{@code CLOSE}</td><td>the reason ({@code ""} if none)</td><td>{@code null}</td><td>the server's code</td><td>{@code null}</td></tr>
 * <tr><td>{@code CLOSED}</td><td>{@code null}</td><td>{@code null}</td><td>0</td><td>{@code null}</td></tr>
 * <tr><td>{@code ERROR}</td><td>{@code null}</td><td>{@code null}</td><td>1009 (message too big), 1002 (protocol error) or 1006</td><td>why the connection failed</td></tr>
 * </table>
 *
 * <p>Immutable: the array is copied on the way in and on the way out. {@code equals} compares
 * the array's content.
 *
 * @param type the kind of message
 * @param text the text of a {@code TEXT} message, or the reason of a {@code CLOSE}
 * @param data the bytes of a {@code BINARY} message
 * @param closeCode the code of a {@code CLOSE} or {@code ERROR}, else 0
 * @param error why the connection failed, for {@code ERROR}
 */
public record WsMessage(
        WsMsgType type,
        @Nullable String text,
        byte @Nullable [] data,
        int closeCode,
        @Nullable Throwable error) {

    /** The message every {@code receive()} returns once the WebSocket is closed. */
    public static final WsMessage CLOSED = new WsMessage(WsMsgType.CLOSED, null, null, 0, null);

    /**
     * Checks that the type has what it needs and copies {@code data}.
     *
     * @throws NullPointerException if {@code type} is null, or the text of a {@code TEXT}, the
     *     data of a {@code BINARY} or the error of an {@code ERROR} message is null
     */
    public WsMessage {
        Objects.requireNonNull(type, "type");
        switch (type) {
            case TEXT -> Objects.requireNonNull(text, "text of a TEXT message");
            case BINARY -> Objects.requireNonNull(data, "data of a BINARY message");
            case ERROR -> Objects.requireNonNull(error, "error of an ERROR message");
            default -> {}
        }
        data = data == null ? null : data.clone();
    }

    /**
     * A {@code TEXT} message.
     *
     * @param text the text
     * @return the message
     */
    public static WsMessage ofText(String text) {
        return new WsMessage(WsMsgType.TEXT, text, null, 0, null);
    }

    /**
     * A {@code BINARY} message.
     *
     * @param data the bytes (copied)
     * @return the message
     */
    public static WsMessage ofBinary(byte[] data) {
        return new WsMessage(WsMsgType.BINARY, null, data, 0, null);
    }

    /**
     * A {@code CLOSE} message, as the server's close frame is delivered.
     *
     * @param code the close code
     * @param reason the reason, {@code ""} if none
     * @return the message
     */
    public static WsMessage ofClose(int code, String reason) {
        return new WsMessage(WsMsgType.CLOSE, reason, null, code, null);
    }

    /**
     * An {@code ERROR} message with close code 1006 (abnormal closure).
     *
     * @param error why the connection failed
     * @return the message
     */
    public static WsMessage ofError(Throwable error) {
        return ofError(error, 1006);
    }

    /**
     * An {@code ERROR} message.
     *
     * @param error why the connection failed
     * @param closeCode the close code the failure led to, e.g. 1009 for a message over the limit
     * @return the message
     */
    public static WsMessage ofError(Throwable error, int closeCode) {
        return new WsMessage(WsMsgType.ERROR, null, null, closeCode, error);
    }

    /**
     * The bytes of a {@code BINARY} message: aiohttp's {@code msg.data}.
     *
     * @return a copy of the bytes, or {@code null} if this is not a {@code BINARY} message
     */
    @Override
    public byte @Nullable [] data() {
        return data == null ? null : data.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof WsMessage m
                && type == m.type
                && closeCode == m.closeCode
                && Objects.equals(text, m.text)
                && Arrays.equals(data, m.data)
                && Objects.equals(error, m.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, text, Arrays.hashCode(data), closeCode, error);
    }

    /** Shows the type and a short preview of the content (at most 64 characters or bytes). */
    @Override
    public String toString() {
        return switch (type) {
            case TEXT -> "WsMessage[TEXT " + preview(text) + "]";
            case BINARY ->
                "WsMessage[BINARY " + data.length + " bytes: "
                        + preview(new String(data, 0, Math.min(64, data.length), StandardCharsets.ISO_8859_1)) + "]";
            case CLOSE ->
                "WsMessage[CLOSE " + closeCode + (text == null || text.isEmpty() ? "" : " " + preview(text)) + "]";
            case ERROR -> "WsMessage[ERROR " + error + "]";
            default -> "WsMessage[" + type + "]";
        };
    }

    private static String preview(@Nullable String s) {
        if (s == null) {
            return "null";
        }
        return '"' + (s.length() <= 64 ? s : s.substring(0, 64) + "…") + '"';
    }
}
