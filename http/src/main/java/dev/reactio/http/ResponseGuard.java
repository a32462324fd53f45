package dev.reactio.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Keeps each response of an HTTP/1.1 connection paired with its request, whatever the server
 * sends. It sits after Netty's codec and decompressor, in front of reactor-netty, on every
 * connection of a session, for the connection's whole life:
 * <ul>
 * <li>an interim response ({@code 1xx} other than {@code 101}) is dropped, and the final one
 *     awaited, as aiohttp does. reactor-netty 1.3 skips only {@code 100}: it took a
 *     {@code 102} or {@code 103} for the final response, went back to the pool with the real
 *     one still coming, and the next request on the connection read it;</li>
 * <li>a {@code 101 Switching Protocols} is passed on only when the request asked for an
 *     upgrade (a WebSocket handshake); from then on nothing is looked at;</li>
 * <li>a response, or a piece of one, that arrives while no request waits for it (a second
 *     answer to one request, bytes on an idle pooled connection) closes the connection, so
 *     that no later request can read it as its own;</li>
 * <li>a message the codec could not decode, a {@code 101} nobody asked for, and a decoder error
 *     (a body that cannot be decompressed) fail the exchange with a {@link ProtocolViolation},
 *     which {@link Exchange} turns into {@link MalformedResponseException} (the head) or
 *     {@link ClientPayloadException} (the body), and close the connection: the codec's state
 *     is unknown after such an error, and a pooled connection must never be reused in it.</li>
 * </ul>
 * Not sharable; every field is only touched on the channel's event loop.
 */
final class ResponseGuard extends ChannelDuplexHandler {

    static final String NAME = "reactio.responseGuard";

    /** A request was written and its final response has not ended yet. */
    private boolean awaiting;
    /** That request carried an {@code Upgrade} header. */
    private boolean upgradeAsked;
    /** The head of the final response was passed on, its end not yet. */
    private boolean inFinal;
    /** Dropping what is left of an interim response (its empty last content). */
    private boolean inInterim;
    /** The server switched protocols as asked: the connection no longer speaks HTTP/1.1. */
    private boolean upgraded;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest req && !upgraded) {
            awaiting = true;
            inFinal = false;
            inInterim = false;
            upgradeAsked = req.headers().contains(HttpHeaderNames.UPGRADE);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgraded || !(msg instanceof HttpObject obj)) {
            ctx.fireChannelRead(msg);
            return;
        }
        DecoderResult result = obj.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            violation(ctx, new ProtocolViolation(!inFinal, describe(result.cause()), result.cause()));
            return;
        }
        if (msg instanceof HttpResponse res) {
            int code = res.status().code();
            if (!awaiting || inFinal) {
                ReferenceCountUtil.release(msg);
                unsolicited(ctx);
                return;
            }
            if (code >= 100 && code < 200 && code != 101) {
                ReferenceCountUtil.release(msg);
                inInterim = !(msg instanceof LastHttpContent);
                readMore(ctx);
                return;
            }
            if (code == 101) {
                if (!upgradeAsked) {
                    ReferenceCountUtil.release(msg);
                    violation(
                            ctx,
                            new ProtocolViolation(
                                    true,
                                    "the server answered " + res.status()
                                            + ", but the request asked for no protocol upgrade",
                                    null));
                    return;
                }
                upgraded = true;
            }
            inFinal = true;
            pass(ctx, msg);
            return;
        }
        if (msg instanceof HttpContent) {
            if (inInterim) {
                inInterim = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                readMore(ctx);
                return;
            }
            if (!inFinal) {
                ReferenceCountUtil.release(msg);
                unsolicited(ctx);
                return;
            }
            pass(ctx, msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Passes a part of the final response on. The end is recorded first: reactor-netty completes
     * the exchange inside {@code fireChannelRead}, and the next request may be written on this
     * connection before it returns.
     */
    private void pass(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
            awaiting = false;
            inFinal = false;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!upgraded && cause instanceof DecoderException) {
            // e.g. Netty's DecompressionException for a body that is not the gzip it claims to be
            Throwable netty = cause.getCause() != null
                            && cause.getMessage() != null
                            && cause.getMessage().equals(cause.getCause().toString())
                    ? cause.getCause()
                    : cause;
            violation(ctx, new ProtocolViolation(!inFinal, describe(netty), cause));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /**
     * Fails the exchange in flight, then closes the connection so that nothing reuses it. The
     * error travels as a message whose decoding failed, the way reactor-netty expects codec
     * errors: as a response head before the response began (reactor-netty fails the exchange
     * with its cause), as the body's last content after (the body's subscriber gets it). It
     * marks the connection not persistent, so the pool drops it; the close makes sure of it.
     */
    private void violation(ChannelHandlerContext ctx, ProtocolViolation v) {
        if (!awaiting) {
            unsolicited(ctx); // garbage on an idle connection: nobody to tell
            return;
        }
        boolean head = !inFinal;
        awaiting = false;
        inFinal = false;
        inInterim = false;
        DecoderResultProvider failed = head
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, new Malformed(v), Unpooled.EMPTY_BUFFER)
                : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        failed.setDecoderResult(DecoderResult.failure(v));
        ctx.fireChannelRead(failed);
        ctx.close();
    }

    /** Nobody waits for this: closing the connection keeps it from the next request. */
    private void unsolicited(ChannelHandlerContext ctx) {
        awaiting = false;
        inFinal = false;
        inInterim = false;
        ctx.close();
    }

    /** A dropped message asked for nothing more: without auto-read, ask for the next bytes. */
    private static void readMore(ChannelHandlerContext ctx) {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null || m.isBlank()
                ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + m;
    }

    /**
     * The status of the stand-in head that carries a violation, never seen by users. The
     * violation rides on the status too, not only as the decoder result: a WebSocket handshake
     * does not look at the decoder result, and Netty's handshake exception keeps a copy of the
     * response that has the same status object but not the decoder result
     * ({@link WebSockets#handshakeError} finds it there).
     */
    static final class Malformed extends HttpResponseStatus {
        private final ProtocolViolation violation;

        Malformed(ProtocolViolation violation) {
            super(999, "Malformed response");
            this.violation = violation;
        }

        ProtocolViolation violation() {
            return violation;
        }
    }

    /**
     * The server broke HTTP/1.1: what {@link ResponseGuard} signals into the exchange, for
     * {@link Exchange} to name with the request's method and URL. Never seen by users.
     */
    static final class ProtocolViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean inHead;

        /**
         * @param inHead whether the response's head (status line, headers) was at fault, rather
         *     than its body
         * @param problem what was wrong
         * @param cause Netty's exception, or null
         */
        ProtocolViolation(boolean inHead, String problem, Throwable cause) {
            super(problem, cause, false, false);
            this.inHead = inHead;
        }

        boolean inHead() {
            return inHead;
        }
    }
}
