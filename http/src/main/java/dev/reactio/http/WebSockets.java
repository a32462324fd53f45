package dev.reactio.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * Opens the WebSocket connections of {@link ClientSession#wsConnect}: the handshake on
 * reactor-netty's {@code HttpClient.websocket(...)}, then a {@link WebSocketSession} that lives
 * as long as the connection.
 */
final class WebSockets {

    /** aiohttp's {@code max_msg_size} default: 4 MiB, for one frame and for a whole message. */
    static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

    private WebSockets() {}

    /**
     * Connects and completes with the open session once the server accepted the upgrade.
     * Cancelling before that aborts the handshake; a session that loses the race with a cancel
     * is closed at once.
     *
     * @param client the session's client (pool, TLS, connect timeout)
     * @param url a {@code ws} or {@code wss} URL
     * @param headers the handshake headers; a {@code Sec-WebSocket-Protocol} header becomes the
     *     offered subprotocols (comma-separated), as aiohttp's {@code protocols=}
     * @return a cold {@code Mono} with the session; errors with {@link WsServerHandshakeException}
     *     if the server refused the upgrade, or with the transport's error (translated by the caller)
     */
    static Mono<WebSocketSession> connect(HttpClient client, URI url, HttpHeaders headers) {
        HttpHeaders h = headers.copy();
        String protocols = h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        h.remove(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL); // the handshaker sends the offered ones
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().maxFramePayloadLength(MAX_MESSAGE_SIZE);
        if (protocols != null && !protocols.isBlank()) {
            spec.protocols(protocols);
        }
        HttpClient.WebsocketSender sender =
                client.headers(x -> x.set(h)).websocket(spec.build()).uri(url);
        return Mono.create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicBoolean opened = new AtomicBoolean();
            // The session, once created: a cancel that beats the hand-off aborts it.
            AtomicReference<WebSocketSession> created = new AtomicReference<>();
            Disposable.Swap handshake = Disposables.swap();
            sink.onCancel(() -> {
                cancelled.set(true);
                handshake.dispose();
                WebSocketSession s = created.get();
                if (s != null) {
                    s.abort(); // created, but the subscriber left before it got the session
                }
            });
            handshake.update(sender.handle((in, out) -> {
                        WebSocketSession[] session = new WebSocketSession[1];
                        in.withConnection(c -> {
                            c.addHandlerLast("reactio.ws.oneClose", new OneCloseFrame());
                            session[0] = new WebSocketSession(in, c, url);
                        });
                        opened.set(true);
                        // Published before the hand-off, checked after it; the cancel sets its flag, then
                        // reads this: whichever comes second sees the other, so an undelivered session is
                        // always aborted (sink.success() drops it once the cancel has begun, but the
                        // canceller may not have run onCancel yet when we check).
                        created.set(session[0]);
                        sink.success(session[0]);
                        if (cancelled.get()) {
                            session[0].abort(); // the subscriber left before it got the session
                        }
                        // The handler's publisher is the connection's lifetime: when it completes,
                        // reactor-netty disposes of the connection.
                        return session[0].terminated();
                    })
                    .subscribe(null, e -> {
                        // After the session was handed out, its own inbound reports connection errors.
                        if (!opened.get()) {
                            sink.error(handshakeError(e, url));
                        }
                    }));
        });
    }

    /** A refused upgrade as {@link WsServerHandshakeException}; anything else unchanged. */
    static Throwable handshakeError(Throwable error, URI url) {
        Throwable e = Exceptions.unwrap(error);
        if (e instanceof WebSocketClientHandshakeException h) {
            HttpResponse r = h.response();
            if (r != null && r.status() instanceof ResponseGuard.Malformed m) {
                return m.violation(); // ResponseGuard's stand-in for a response it could not read: the caller names it
            }
            if (r == null) {
                return new ClientConnectionException(
                        "WebSocket handshake with " + url + " failed: " + h.getMessage(), h);
            }
            HttpResponseStatus s = r.status();
            String detail = s.code() == 101
                    ? "invalid handshake response: " + h.getMessage()
                    : "the server answered " + s.code() + " " + s.reasonPhrase() + ", not 101 Switching Protocols";
            return new WsServerHandshakeException(s.code(), s.reasonPhrase(), url, detail, h);
        }
        return e;
    }

    /**
     * Lets exactly one close frame out, and nothing after it.
     *
     * <p>{@link WebSocketSession#close} writes its close frame as a plain frame, because
     * reactor-netty's {@code sendClose} closes the TCP connection right after writing and the
     * server's answering close frame (with its code) would be lost. When that answer arrives,
     * reactor-netty echoes it with a second close frame and then closes the connection; this
     * handler drops the echo (RFC 6455 allows one close frame per side) so that only the
     * closing of the connection remains. Data frames written after a close frame fail with
     * {@link ClosedChannelException}; a pong is dropped. Only touched on the event loop.
     */
    static final class OneCloseFrame extends ChannelOutboundHandlerAdapter {
        private boolean closeSent;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (closeSent && msg instanceof WebSocketFrame) {
                ReferenceCountUtil.release(msg);
                if (msg instanceof CloseWebSocketFrame || msg instanceof PongWebSocketFrame) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(new ClosedChannelException());
                }
                return;
            }
            if (msg instanceof CloseWebSocketFrame) {
                closeSent = true;
            }
            super.write(ctx, msg, promise);
        }
    }
}
