package dev.reactio.streams;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import reactor.core.publisher.BaseSubscriber;
import reactor.netty.Connection;

/**
 * Connects a reactor-netty {@link Connection} to a {@link StreamReader} and a
 * {@link StreamWriter}: inbound bytes flow through {@code receive()} (whose demand drives
 * reactor-netty's auto-read, hence the reader's flow control), and a small handler reports what
 * reactor-netty does not surface: half-close (FIN with {@code ALLOW_HALF_CLOSURE}), writability
 * and the end of the connection.
 */
final class Wiring {

    private static final String EVENTS = "reactio.streams.events";

    private Wiring() {
    }

    /** Builds the reader and writer of {@code connection} and starts reading. */
    static StreamConnection wire(Connection connection, int limit) {
        StreamReader reader = new StreamReader(limit);
        StreamWriter writer = new StreamWriter(connection.channel());
        connection.addHandlerLast(EVENTS, new Events(reader, writer));
        Pump pump = new Pump(reader);
        connection.inbound().receive().subscribe(pump);
        reader.attach(pump);
        if (!connection.channel().isActive()) {
            // Closed before the handler was in place: it will never see channelInactive.
            reader.feedEof();
            writer.connectionLost(null);
        }
        return new StreamConnection(reader, writer);
    }

    /** Pulls one chunk at a time from {@code receive()}, copying it into the reader. */
    private static final class Pump extends BaseSubscriber<ByteBuf> implements StreamReader.Source {
        private final StreamReader reader;

        Pump(StreamReader reader) {
            this.reader = reader;
        }

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // demand comes from the reader (request())
        }

        @Override
        protected void hookOnNext(ByteBuf data) {
            reader.feed(data); // copies; reactor-netty releases the buffer after onNext
        }

        @Override
        protected void hookOnComplete() {
            reader.feedEof();
        }

        @Override
        protected void hookOnError(Throwable error) {
            reader.feedError(error);
        }

        @Override
        public void request() {
            request(1);
        }
    }

    /** The connection events reactor-netty does not pass on. */
    private static final class Events extends ChannelInboundHandlerAdapter {
        private final StreamReader reader;
        private final StreamWriter writer;

        Events(StreamReader reader, StreamWriter writer) {
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof ChannelInputShutdownEvent) {
                reader.feedEof(); // the peer half-closed: EOF for reading, writing goes on
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            writer.writabilityChanged();
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            writer.connectionLost(cause); // also failed writes: they use the channel's void promise
            super.exceptionCaught(ctx, cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            reader.feedEof();
            writer.connectionLost(null);
            super.channelInactive(ctx);
        }
    }
}
