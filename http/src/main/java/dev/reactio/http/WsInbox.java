package dev.reactio.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * The receiving side of a {@link WebSocketSession}: a small buffer of messages fed by
 * reactor-netty's inbound frames, and a FIFO of {@code receive()} calls waiting for one.
 *
 * <p>Backpressure: at most {@link #PREFETCH} messages are buffered or requested at any time.
 * One more frame is requested each time a message leaves (is handed to a receiver), so a
 * session nobody receives from stops reading the socket (reactor-netty turns auto-read off).
 *
 * <p>No message goes to a {@code receive()} whose cancel came first: a waiter is completed only through a
 * CAS from {@code WAITING} to {@code DONE}, and a message whose waiter was cancelled in the
 * meantime goes back to the head of the buffer for the next receiver.
 *
 * <p>Frames are copied into {@code String}/{@code byte[]} inside {@link #onNext}; reactor-netty
 * releases the frame when {@code onNext} returns.
 */
final class WsInbox implements CoreSubscriber<WebSocketFrame> {

    /** Messages buffered plus frames requested never exceed this. */
    static final int PREFETCH = 16;

    /** Builds the last message from how the inbound ended (error or not); null for none. */
    private final Function<@Nullable Throwable, @Nullable WsMessage> terminal;

    // Guarded by this.
    private final ArrayDeque<WsMessage> buffer = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** The inbound completed or failed; its last message (if any) is in the buffer. */
    private boolean inboundDone;
    /** close() was called: unread messages were dropped and every receiver gets CLOSED. */
    private boolean discarding;
    /** discard() asked for the rest of the inbound, unbounded. */
    private boolean readingAll;

    private volatile @Nullable Subscription upstream;
    /** Serializes hand-offs so that they never recurse and keep FIFO order. */
    private final AtomicInteger wip = new AtomicInteger();

    WsInbox(Function<@Nullable Throwable, @Nullable WsMessage> terminal) {
        this.terminal = terminal;
    }

    /** A cold {@code Mono} for the next message; see {@link WebSocketSession#receive()}. */
    Mono<WsMessage> receive() {
        return new ReceiveMono(this);
    }

    /**
     * Drops unread messages, answers every current and later receiver with CLOSED, and reads
     * the rest of the connection unbounded so that the server's close frame gets through.
     */
    void discard() {
        boolean first;
        synchronized (this) {
            discarding = true;
            buffer.clear();
            first = !readingAll;
            readingAll = true;
        }
        if (!first) {
            return;
        }
        Subscription s = upstream;
        if (s != null) {
            s.request(Long.MAX_VALUE);
        }
        drain();
    }

    /**
     * The first half of {@link #discard()}, for a caller holding its own lock: drops unread
     * messages and keeps no more, the inbound's last message included, without signalling
     * anyone. {@code discard()} must follow, to answer the receivers.
     */
    void stopKeeping() {
        synchronized (this) {
            discarding = true;
            buffer.clear();
        }
    }

    // ------------------------------------------------------------------ inbound frames

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(upstream, s)) {
            upstream = s;
            boolean all;
            synchronized (this) {
                all = discarding;
            }
            s.request(all ? Long.MAX_VALUE : PREFETCH);
        }
    }

    @Override
    public void onNext(WebSocketFrame frame) {
        WsMessage m = toMessage(frame);
        boolean kept = false;
        if (m != null) {
            synchronized (this) {
                if (!discarding) {
                    buffer.add(m);
                    kept = true;
                }
            }
        }
        if (kept) {
            drain();
        } else {
            request(1); // a pong, or unread after close(): not buffered, so read on
        }
    }

    @Override
    public void onError(Throwable t) {
        end(terminal.apply(t));
    }

    @Override
    public void onComplete() {
        end(terminal.apply(null));
    }

    private void end(@Nullable WsMessage last) {
        synchronized (this) {
            inboundDone = true;
            if (last != null && !discarding) {
                buffer.add(last);
            }
        }
        drain();
    }

    private static @Nullable WsMessage toMessage(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame t) {
            return WsMessage.ofText(t.text());
        }
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuf c = frame.content();
            byte[] bytes = new byte[c.readableBytes()];
            c.getBytes(c.readerIndex(), bytes);
            return WsMessage.ofBinary(bytes);
        }
        return null; // pong (pings are answered by reactor-netty; close frames never get here)
    }

    private void request(long n) {
        Subscription s = upstream;
        if (s != null) {
            s.request(n);
        }
    }

    // ------------------------------------------------------------------ hand-off

    private void register(Waiter w) {
        synchronized (this) {
            waiters.add(w);
        }
        drain();
    }

    private void unregister(Waiter w) {
        synchronized (this) {
            waiters.remove(w);
        }
    }

    /**
     * Pairs waiters with messages, FIFO, one hand-off at a time. {@code onNext} of a waiter runs
     * here, outside the lock; a receiver that calls {@code receive()} again from it only bumps
     * {@link #wip}, and the loop serves it.
     */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (; ; ) {
            long taken = 0;
            for (; ; ) {
                Waiter w;
                WsMessage m;
                boolean fromBuffer;
                synchronized (this) {
                    w = waiters.peek();
                    if (w == null) {
                        break;
                    }
                    m = buffer.poll();
                    fromBuffer = m != null;
                    if (m == null) {
                        if (!inboundDone && !discarding) {
                            break;
                        }
                        m = WsMessage.CLOSED;
                    }
                    waiters.poll();
                }
                if (w.tryDeliver(m)) {
                    if (fromBuffer) {
                        taken++;
                    }
                } else if (fromBuffer) {
                    synchronized (this) { // the waiter was cancelled: the next receiver gets m
                        if (!discarding) {
                            buffer.addFirst(m);
                        }
                    }
                }
            }
            boolean more;
            synchronized (this) {
                more = !inboundDone && !discarding;
            }
            if (taken > 0 && more) {
                request(taken); // may call onNext on this thread: it only bumps wip
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** {@code receive()}: registers a waiter on the first request, not on subscribe. */
    private static final class ReceiveMono extends Mono<WsMessage> {
        private final WsInbox inbox;

        ReceiveMono(WsInbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public void subscribe(CoreSubscriber<? super WsMessage> actual) {
            actual.onSubscribe(new Waiter(inbox, actual));
        }
    }

    /**
     * One pending {@code receive()}. States: NEW (subscribed, nothing requested) → WAITING (in
     * the inbox's queue) → DONE (a message was delivered) or CANCELLED. Only the CAS out of
     * WAITING decides whether a message was delivered or must be put back.
     */
    private static final class Waiter implements Subscription {
        private static final int NEW = 0;
        private static final int WAITING = 1;
        private static final int DONE = 2;
        private static final int CANCELLED = 3;
        private static final AtomicIntegerFieldUpdater<Waiter> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "state");

        private final WsInbox inbox;
        private final CoreSubscriber<? super WsMessage> actual;
        private volatile int state;

        Waiter(WsInbox inbox, CoreSubscriber<? super WsMessage> actual) {
            this.inbox = inbox;
            this.actual = actual;
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n) && STATE.compareAndSet(this, NEW, WAITING)) {
                inbox.register(this);
            }
        }

        @Override
        public void cancel() {
            if (STATE.compareAndSet(this, WAITING, CANCELLED)) {
                inbox.unregister(this);
            } else {
                STATE.compareAndSet(this, NEW, CANCELLED);
            }
        }

        boolean tryDeliver(WsMessage m) {
            if (!STATE.compareAndSet(this, WAITING, DONE)) {
                return false;
            }
            actual.onNext(m);
            actual.onComplete();
            return true;
        }
    }
}
