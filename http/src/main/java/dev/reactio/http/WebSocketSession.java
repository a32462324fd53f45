package dev.reactio.http;

import dev.reactio.AsyncCloseable;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An open WebSocket, from {@link ClientSession#wsConnect(String)}: aiohttp's
 * {@code ClientWebSocketResponse}.
 *
 * <pre>{@code
 * try (ClientSession session = ClientSession.create()) {
 *     String echoed = session.wsConnect(url)
 *             .flatMap(ws -> ws.sendStr("hello")
 *                     .then(ws.receiveStr())
 *                     .flatMap(text -> ws.close().thenReturn(text)))
 *             .block();
 * }
 * }</pre>
 *
 * <h2>Receiving</h2>
 * Messages arrive whole (fragmented frames are joined, up to 4 MiB like aiohttp's
 * {@code max_msg_size}) and wait in a small buffer until {@link #receive()} takes them. The
 * socket is read only as fast as messages are taken: after 16 unread messages it is not read
 * until the next {@code receive()}. Pings are answered and pongs dropped automatically
 * (aiohttp's {@code autoping=True}). When the server closes, {@code receive()} returns its
 * {@link WsMsgType#CLOSE} message (code and reason) after the messages sent before it, then
 * {@link WsMsgType#CLOSED} forever. A message over 4 MiB or a protocol violation gives
 * {@link WsMsgType#ERROR} and closes the WebSocket with 1009 or 1002; a lost connection gives
 * {@code ERROR} (if the transport reported an error) or {@code CLOSED}, with close code 1006.
 *
 * <h2>Sending</h2>
 * Sends are safe from any thread. Frames go out in the order their {@code Mono}s were
 * subscribed, and a send subscribed after {@link #close()} (or after the server closed)
 * fails with {@link IllegalStateException}.
 *
 * <h2>Subprotocols</h2>
 * Offer subprotocols with a {@code Sec-WebSocket-Protocol} header (comma-separated), aiohttp's
 * {@code protocols=}: {@code RequestOptions.builder().header("Sec-WebSocket-Protocol", "chat")}.
 * {@link #protocol()} is the one the server chose.
 *
 * <h2>Threads, errors, lifetime</h2>
 * This class is threadsafe. Signals usually arrive on the connection's event-loop thread:
 * don't block in them. Once the connection is lost, pending sends fail with
 * {@link ClientConnectionException}. Close every WebSocket you open; closing the
 * {@link ClientSession} closes those still open, with code 1001, as aiohttp does.
 *
 * @see WsMessage
 * @see ClientSession#wsConnect(String, RequestOptions)
 */
public final class WebSocketSession implements AsyncCloseable {

    /** aiohttp's close timeout ({@code ws_connect(timeout=10.0)}): how long close() waits for the server's answer. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final URI url;
    private final @Nullable String protocol;
    private final WsInbox inbox;

    private final Object lock = new Object();
    /** No more data frames may be sent. Written under {@link #lock}. */
    private volatile boolean closed;
    /** close() was subscribed already (sending a close frame or not). Guarded by {@link #lock}. */
    private boolean closeStarted;
    /** The server's close code (once it sent one), else ours, else 1006. Written under {@link #lock}. */
    private volatile @Nullable Integer closeCode;
    /** The close frame the server sent, as reactor-netty reports it. Written under {@link #lock}. */
    private volatile @Nullable WebSocketCloseStatus serverClose;

    /** Called on the event loop right after the handshake, before any frame is read. */
    WebSocketSession(WebsocketInbound in, Connection connection, URI url) {
        this.connection = connection;
        this.url = url;
        this.protocol = in.selectedSubprotocol();
        this.inbox = new WsInbox(this::ended);
        // reactor-netty consumes the close frame itself: it answers it, reports it here, and
        // only then completes the inbound frames.
        in.receiveCloseStatus().subscribe(this::serverClosed, e -> {}); // errors reach the inbox too
        in.aggregateFrames(WebSockets.MAX_MESSAGE_SIZE).receiveFrames().subscribe(inbox);
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Receives the next message: aiohttp's {@code await ws.receive()}.
     * <p>Nothing is taken until subscribed and requested. Once the server closed, the next
     * call returns its {@link WsMsgType#CLOSE} message and later calls {@link WsMessage#CLOSED};
     * after {@link #close()} every call returns {@code CLOSED} (unread messages are dropped).
     * Several pending calls are served in subscription order.
     * <p>Cancelling before a message was handed over leaves it for the next call. A message is
     * handed only to a {@code receive()} whose cancel has not reached the session yet; a
     * subscriber that cancels at the very moment a message is handed to it may still drop it,
     * as any Reactor subscriber drops a value that crosses its own cancel (a
     * {@code receive().timeout(...)} that fires just then, say).
     *
     * @return a cold {@code Mono} with the next message; it never errors (a lost connection is
     *     an {@link WsMsgType#ERROR} message)
     */
    public Mono<WsMessage> receive() {
        return inbox.receive();
    }

    /**
     * Receives the next message, which must be text: aiohttp's {@code await ws.receive_str()}.
     * <p>Nothing is taken until subscribed; cancelling is as for {@link #receive()}. A message of another
     * type is taken nonetheless (as in aiohttp) and fails the {@code Mono}.
     *
     * @return a cold {@code Mono} with the text; errors with {@link IllegalStateException} if
     *     the next message is not {@code TEXT} (binary, or the WebSocket is closed), or with
     *     the connection's error for an {@code ERROR} message
     */
    public Mono<String> receiveStr() {
        return receive().handle((m, sink) -> {
            if (m.type() == WsMsgType.TEXT) {
                sink.next(Objects.requireNonNull(m.text()));
            } else {
                sink.error(unexpected(m, WsMsgType.TEXT, "receiveStr()"));
            }
        });
    }

    /**
     * Receives the next message, which must be binary: aiohttp's {@code await ws.receive_bytes()}.
     * <p>Nothing is taken until subscribed; cancelling is as for {@link #receive()}. A message of another
     * type is taken nonetheless and fails the {@code Mono}.
     *
     * @return a cold {@code Mono} with the bytes; errors with {@link IllegalStateException} if
     *     the next message is not {@code BINARY}, or with the connection's error for an
     *     {@code ERROR} message
     */
    public Mono<byte[]> receiveBytes() {
        return receive().handle((m, sink) -> {
            if (m.type() == WsMsgType.BINARY) {
                sink.next(Objects.requireNonNull(m.data()));
            } else {
                sink.error(unexpected(m, WsMsgType.BINARY, "receiveBytes()"));
            }
        });
    }

    /**
     * Receives the next text message and parses it as JSON: aiohttp's {@code await ws.receive_json()}.
     * <p>Nothing is taken until subscribed; cancelling is as for {@link #receive()}.
     *
     * @return a cold {@code Mono} with the JSON tree; errors as {@link #receiveStr()}, or with
     *     {@link ClientPayloadException} if the text is not valid JSON
     */
    public Mono<JsonNode> receiveJson() {
        return receiveStr().handle((text, sink) -> {
            try {
                sink.next(Body.JSON.readTree(text));
            } catch (JacksonException e) {
                var loc = e.getLocation();
                String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
                sink.error(new ClientPayloadException(
                        "Malformed JSON in a WebSocket message from " + url + where + ": " + e.getOriginalMessage(),
                        url,
                        e));
            }
        });
    }

    /**
     * The data messages until the WebSocket closes: aiohttp's {@code async for msg in ws}.
     * <p>Emits {@code TEXT} and {@code BINARY} messages and completes at {@code CLOSE} or
     * {@code CLOSED}. Unlike aiohttp, which yields the {@code ERROR} message, the
     * {@code Flux} errors with its cause. Messages are taken one per request, so a slow
     * subscriber slows down reading from the socket. Nothing happens until subscribed;
     * cancelling leaves the messages not yet emitted for the next {@code receive()}.
     *
     * @return a cold {@code Flux} of data messages
     */
    public Flux<WsMessage> messages() {
        return receive().repeat().handle((m, sink) -> {
            if (m.type().isData()) {
                sink.next(m);
            } else if (m.type() == WsMsgType.ERROR) {
                sink.error(Objects.requireNonNull(m.error()));
            } else {
                sink.complete();
            }
        });
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends a text message: aiohttp's {@code await ws.send_str(data)}.
     * <p>Nothing is sent until subscribed; each subscription sends once, in subscription
     * order. Cancelling does not take back a frame already handed to the connection.
     *
     * @param data the text
     * @return a cold {@code Mono} that completes when the frame was written; errors with
     *     {@link IllegalStateException} if the WebSocket is closed, or with
     *     {@link ClientConnectionException} if the connection is lost
     */
    public Mono<Void> sendStr(String data) {
        Objects.requireNonNull(data, "data");
        return send(() -> new TextWebSocketFrame(data));
    }

    /**
     * Sends a binary message: aiohttp's {@code await ws.send_bytes(data)}.
     * <p>The array is copied now; otherwise as {@link #sendStr(String)}.
     *
     * @param data the bytes
     * @return a cold {@code Mono} that completes when the frame was written; the same errors
     *     as {@link #sendStr(String)}
     */
    public Mono<Void> sendBytes(byte[] data) {
        byte[] copy = Objects.requireNonNull(data, "data").clone();
        return send(() -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(copy)));
    }

    /**
     * Sends {@code value} as JSON in a text message: aiohttp's {@code await ws.send_json(data)}.
     * <p>{@code value} is serialized now (by Jackson, as {@link Body#json(Object)});
     * otherwise as {@link #sendStr(String)}.
     *
     * @param value a map, a list, a record, a {@code JsonNode}, … anything Jackson writes
     * @return a cold {@code Mono} that completes when the frame was written; the same errors
     *     as {@link #sendStr(String)}
     * @throws IllegalArgumentException if Jackson cannot serialize {@code value}
     */
    public Mono<Void> sendJson(@Nullable Object value) {
        try {
            return sendStr(Body.JSON.writeValueAsString(value));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "sendJson: cannot serialize "
                            + (value == null ? "null" : value.getClass().getName()) + " as JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    private Mono<Void> send(Supplier<WebSocketFrame> frame) {
        return Mono.create(sink -> {
            ChannelFuture written;
            // The lock orders frames by subscription and keeps data frames from following
            // the close frame; writeAndFlush only queues the write when off the event loop.
            synchronized (lock) {
                if (closed) {
                    sink.error(new IllegalStateException("Cannot send on the WebSocket to " + url + ": it is closed"
                            + (closeCode == null ? "" : " (close code " + closeCode + ")")
                            + "; open a new one with wsConnect(...)"));
                    return;
                }
                written = connection.channel().writeAndFlush(frame.get());
            }
            written.addListener(f -> {
                if (f.isSuccess()) {
                    sink.success();
                } else {
                    sink.error(new ClientConnectionException(
                            "WebSocket connection to " + url + " lost while sending: " + f.cause(), f.cause()));
                }
            });
        });
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the WebSocket with code 1000 (normal closure): aiohttp's {@code await ws.close()}.
     * <p>Same as {@link #close(int, String) close(1000, "")}.
     *
     * @return a cold {@code Mono} that completes when the connection is closed
     */
    public Mono<Void> close() {
        return close(1000, "");
    }

    /**
     * Sends a close frame, waits for the server's, and closes the connection: aiohttp's
     * {@code await ws.close(code=code, message=reason)}.
     * <p>Starts when subscribed; later sends fail and unread messages are dropped. Completes
     * once the connection is closed: when the server answered with its close frame (then
     * {@link #closeCode()} is the server's code), or after 10 seconds without an answer
     * (then the connection is dropped and {@code closeCode()} is 1006, as in aiohttp).
     * Idempotent: a second call sends nothing and completes with the first; if the server
     * closed first, nothing is sent either. Cancelling stops the waiting, not the closing.
     *
     * @param code a close code: 1000–1003, 1007–1014, or 3000–4999 for applications
     * @param reason a reason, at most 123 bytes in UTF-8 ({@code ""} for none)
     * @return a cold {@code Mono} that completes when the connection is closed; it never errors
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    public Mono<Void> close(int code, String reason) {
        if (!(code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999)) {
            throw new IllegalArgumentException(
                    "WebSocket close code must be 1000-1003, 1007-1014 or 3000-4999, but was " + code);
        }
        Objects.requireNonNull(reason, "reason");
        int length = reason.getBytes(StandardCharsets.UTF_8).length;
        if (length > 123) {
            throw new IllegalArgumentException(
                    "WebSocket close reason must be at most 123 bytes in UTF-8, but was " + length);
        }
        return Mono.defer(() -> {
            startClose(code, reason);
            return connection.onDispose();
        });
    }

    /**
     * Closes the WebSocket: {@code async with session.ws_connect(url) as ws:} ends here.
     * <p>Nothing happens until subscribed, and the WebSocket closes once however many times it
     * is subscribed (see {@link #close(int, String)}). There is no eager form: {@link #close()} is
     * aiohttp's awaitable {@code ws.close()}, and as cold as this.
     *
     * @return the same as {@link #close()}: a cold {@code Mono} that completes when the
     *     connection is closed
     */
    @Override
    public Mono<Void> aclose() {
        return close();
    }

    private void startClose(int code, String reason) {
        boolean first;
        synchronized (lock) {
            first = !closeStarted;
            closeStarted = true;
            // Before the close frame goes out: the server's answer may end the inbound before
            // this thread gets to discard() below, and a receive() pending now must get CLOSED,
            // not the server's CLOSE.
            inbox.stopKeeping();
            if (!closed) { // else the server closed first, or the inbound failed: nothing to send
                closed = true;
                closeCode = code;
                // A plain write, not reactor-netty's sendClose(): see WebSockets.OneCloseFrame.
                connection.channel().writeAndFlush(new CloseWebSocketFrame(code, reason));
            }
        }
        inbox.discard(); // idempotent; outside the lock, as it may complete pending receives
        if (!first) {
            return;
        }
        // Armed even when nothing was sent: then the connection is closing already, and this
        // only makes sure that close() completes.
        Disposable timer = Mono.delay(CLOSE_TIMEOUT).subscribe(x -> {
            synchronized (lock) {
                if (serverClose == null) {
                    closeCode = 1006; // no answer: an abnormal closure, as aiohttp reports it
                }
            }
            connection.dispose();
        });
        connection.onDispose(timer);
    }

    /** Drops the connection without a close handshake (the opener was cancelled). */
    void abort() {
        synchronized (lock) {
            closed = true;
            closeStarted = true;
        }
        // Not by cancelling the inbound: reactor-netty would then send a close frame with 1006,
        // a code that must not go on the wire.
        connection.dispose();
    }

    /** The connection (tests). */
    Connection connection() {
        return connection;
    }

    /** Completes when the connection is closed. */
    Mono<Void> terminated() {
        return connection.onDispose();
    }

    // ------------------------------------------------------------------ state

    /**
     * Whether the WebSocket is closed or closing: aiohttp's {@code ws.closed}.
     *
     * @return {@code true} once {@link #close()} was subscribed, the server's close frame
     *     arrived or the connection ended; messages that arrived before may still wait for
     *     {@link #receive()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * The close code: aiohttp's {@code ws.close_code}.
     *
     * @return {@code null} while open; the code the server sent once its close frame arrived
     *     (also as the answer to ours); the code we sent while waiting for that answer; 1009
     *     or 1002 after a message over 4 MiB or a protocol error (we close with that code);
     *     1006 (abnormal closure) if the connection ended without a close frame
     */
    public @Nullable Integer closeCode() {
        return closeCode;
    }

    /**
     * The subprotocol the server chose: aiohttp's {@code ws.protocol}.
     *
     * @return the subprotocol, or {@code null} if none was offered or chosen
     */
    public @Nullable String protocol() {
        return protocol;
    }

    /** @return the WebSocket URL */
    public URI url() {
        return url;
    }

    @Override
    public String toString() {
        Integer code = closeCode;
        return "<WebSocketSession(" + url + ") " + (closed ? "closed" + (code == null ? "" : " " + code) : "open")
                + ">";
    }

    // ------------------------------------------------------------------ internals

    /** reactor-netty answered a close frame from the server (or gave up on the inbound). */
    private void serverClosed(WebSocketCloseStatus status) {
        synchronized (lock) {
            closed = true;
            closeCode = status.code();
            serverClose = status;
        }
    }

    /** The inbound ended: the last message for receive(), if any (else CLOSED follows). */
    private @Nullable WsMessage ended(@Nullable Throwable error) {
        if (error != null) {
            return failed(error);
        }
        WebSocketCloseStatus status;
        synchronized (lock) {
            closed = true;
            status = serverClose;
            if (status == null && closeCode == null) {
                closeCode = 1006; // the connection ended without a close frame
            }
        }
        return status == null ? null : WsMessage.ofClose(status.code(), status.reasonText());
    }

    /**
     * The inbound failed, but the connection may still be open (reactor-netty reports a frame
     * error without closing). Like aiohttp, a message over the limit (1009) or a protocol error
     * (1002) is answered with a close frame, anything else drops the connection (1006).
     */
    private WsMessage failed(Throwable error) {
        int code = 1006;
        if (error instanceof CorruptedWebSocketFrameException c) {
            code = c.closeStatus().code();
        } else if (error instanceof TooLongFrameException) {
            code = 1009;
        }
        boolean sendClose;
        synchronized (lock) {
            WebSocketCloseStatus server = serverClose;
            sendClose = code != 1006
                    && server == null
                    && !closed
                    && connection.channel().isActive();
            closed = true;
            if (server == null) {
                closeCode = code;
            } else {
                code = server.code();
            }
        }
        if (sendClose) {
            // OneCloseFrame drops this frame if one went out already; the connection closes either way.
            connection
                    .channel()
                    .writeAndFlush(new CloseWebSocketFrame(code, ""))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            connection.dispose();
        }
        return WsMessage.ofError(
                new ClientConnectionException("WebSocket connection to " + url + " failed: " + error, error), code);
    }

    private Throwable unexpected(WsMessage m, WsMsgType expected, String method) {
        if (m.type() == WsMsgType.ERROR) {
            return Objects.requireNonNull(m.error());
        }
        return new IllegalStateException(method + " expected a " + expected + " message from " + url + " but received "
                + m + "; use receive() to handle every type");
    }
}
