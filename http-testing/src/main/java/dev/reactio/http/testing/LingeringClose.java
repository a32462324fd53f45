package dev.reactio.http.testing;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection in stages, as RFC 9112 (section 9.6) asks of a server that closes while
 * the client may still be sending: send everything written, half-close (FIN), then read and drop
 * what still arrives until the client closes too, or for at most {@link #LINGER_MILLIS}. Closing
 * at once with unread input makes the kernel answer with a reset, which can reach the client
 * before it has read the 413 or 431 that explains the close.
 *
 * <p>First in the pipeline, so that it sees every {@code close()} last and every read first.
 * Not sharable: one per connection, confined to its event loop.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final String NAME = "reactio.httpbin.lingeringClose";
    static final long LINGER_MILLIS = 2000;

    /** Turned on when the server closes: its connections then close at once. */
    static final class Switch {

        private volatile boolean on;

        void turnOn() {
            on = true;
        }

        boolean isOn() {
            return on;
        }
    }

    private final Switch serverClosing;
    /** Only read and written on the channel's event loop. */
    private boolean lingering;

    LingeringClose(Switch serverClosing) {
        this.serverClosing = serverClosing;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        Channel channel = ctx.channel();
        if (lingering
                || serverClosing.isOn()
                || !channel.isActive()
                || !(channel instanceof DuplexChannel duplex)
                || duplex.isInputShutdown()
                || duplex.isOutputShutdown()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        // The caller's close completes when the connection is really closed.
        channel.closeFuture().addListener(closed -> promise.trySuccess());
        ScheduledFuture<?> deadline = ctx.executor()
                .schedule(
                        () -> {
                            ctx.close();
                        },
                        LINGER_MILLIS,
                        TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> deadline.cancel(false));
        // Writes complete in order: once this empty one is out, so is the answer before it.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess()) {
                ctx.close();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                if (!shut.isSuccess()) {
                    ctx.close();
                }
            });
        });
        // reactor-netty turns auto-read off while nobody consumes the request; drop it instead.
        channel.config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!lingering) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (lingering) {
            // Typically a reset from a client that gave up: nothing left to tell anyone.
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
