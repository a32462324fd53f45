package dev.reactio.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.testsupport.LeakDetection;
import dev.reactio.testsupport.Waiting;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * {@link StreamServer}'s shutdown: {@code close()}, {@code closeClients()},
 * {@code abortClients()} and {@code waitClosed()} against connections at every stage of being
 * accepted. Waits are hang guards only; nothing here asserts on timing.
 */
class StreamServerTest {

    private static final Duration GUARD = Duration.ofSeconds(20);

    /** The listening channel's loop, and one loop for the connections, so that a test can hold either. */
    private final EventLoopGroup select = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final LoopResources loops = new LoopResources() {
        @Override
        public EventLoopGroup onServer(boolean useNative) {
            return workers;
        }

        @Override
        public EventLoopGroup onServerSelect(boolean useNative) {
            return select;
        }
    };
    /** Handlers started, and handlers running, in the server of {@link #start()}. */
    private final AtomicInteger started = new AtomicInteger();

    private final AtomicInteger running = new AtomicInteger();
    private final List<CountDownLatch> held = new ArrayList<>();

    @AfterEach
    void releaseAndShutDown() {
        held.forEach(CountDownLatch::countDown);
        select.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterAll
    static void noByteBufLeaks() {
        LeakDetection.assertNoLeaks();
    }

    /** -Dreactio.stress=N runs N times as many rounds. */
    private static int rounds(int base) {
        return base * Math.max(1, Integer.getInteger("reactio.stress", 1));
    }

    /** A server on {@link #loops} whose handler only ends when its connection is closed. */
    private StreamServer start() {
        return Streams.startServer(
                        (reader, writer) -> Mono.<Void>never()
                                .doOnSubscribe(s -> {
                                    started.incrementAndGet();
                                    running.incrementAndGet();
                                })
                                .doFinally(s -> running.decrementAndGet()),
                        "127.0.0.1",
                        0,
                        ServerOptions.defaults().withLoopResources(loops))
                .block(GUARD);
    }

    /** Runs a task on {@code loop} that blocks it until the returned latch is counted down. */
    private CountDownLatch hold(EventExecutor loop) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        held.add(release);
        loop.execute(() -> {
            holding.countDown();
            try {
                release.await(GUARD.toSeconds(), TimeUnit.SECONDS); // hang guard only
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(GUARD.toSeconds(), TimeUnit.SECONDS))
                .as("the loop to be held")
                .isTrue();
        return release;
    }

    /** Polls a condition that must become true (a hang guard, not a timing claim). */
    private static void await(String what, BooleanSupplier condition) {
        Waiting.await(what).atMost(GUARD).until(condition::getAsBoolean);
    }

    /** Asserts that the server closed {@code client}'s connection, then closes the client's side. */
    private static void assertClosedByServer(StreamConnection client) {
        assertThat(client.reader().read(-1).onErrorReturn(new byte[0]).block(GUARD))
                .as("EOF (or a reset) from the server")
                .isEmpty();
        client.writer().close();
        client.writer().waitClosed().block(GUARD);
    }

    // gh-issue "Concurrency correctness: no lost grant, no over-admission, no hang", item 1
    @ParameterizedTest
    @ValueSource(strings = {"closeClients", "abortClients"})
    void aConnectionAcceptedButNotStartedYetIsEndedByCloseClientsAndWaitClosedCompletes(String how) throws Exception {
        StreamServer server = start();
        EventExecutor worker = workers.next();
        CountDownLatch releaseWorker = hold(worker);
        StreamConnection client =
                Streams.openConnection("127.0.0.1", server.port()).block(GUARD);
        // Accepted: its registration waits in the held worker loop, so no handler has started.
        await(
                "the accepted connection to wait for its loop",
                () -> ((SingleThreadEventExecutor) worker).pendingTasks() > 0);
        // Hold the listening loop too, so that the listening socket closes only after the
        // connection has reached its handler, the order that made waitClosed() hang.
        CountDownLatch releaseSelect = hold(select.next());

        server.close();
        if (how.equals("closeClients")) {
            server.closeClients();
        } else {
            server.abortClients();
        }
        releaseWorker.countDown();
        worker.submit(() -> {}).get(GUARD.toSeconds(), TimeUnit.SECONDS); // the registration ran
        releaseSelect.countDown();

        assertClosedByServer(client);
        assertThat(server.waitClosed().then(Mono.fromCallable(running::get)).block(GUARD))
                .as("handlers running when waitClosed() completed")
                .isZero();
        assertThat(started.get())
                .as("handlers started for a connection closeClients() had ended")
                .isZero();
        assertThat(server.clientCount()).isZero();
    }

    // gh-issue "Concurrency correctness: no lost grant, no over-admission, no hang", item 1
    @Test
    void aConnectionAcceptedAfterCloseIsRefusedAndWaitClosedCompletes() throws Exception {
        StreamServer server = start();
        // close() runs just as the listening channel reads the accepted connection: the
        // connection reaches the server after close() was called. Added on the channel's loop:
        // added from another thread, the handler would be skipped until its loop got to it.
        Channel listening = server.listeningChannel();
        listening
                .eventLoop()
                .submit(() -> listening.pipeline().addFirst(new CloseOnFirstAccept(server::close)))
                .get(GUARD.toSeconds(), TimeUnit.SECONDS);
        StreamConnection client =
                Streams.openConnection("127.0.0.1", server.port()).block(GUARD);

        assertClosedByServer(client);
        server.waitClosed().block(GUARD);
        assertThat(started.get()).as("handlers started after close()").isZero();
        assertThat(server.clientCount()).isZero();
    }

    @Test
    void isServingIsFalseAsSoonAsCloseReturns() throws Exception {
        StreamServer server = start();
        CountDownLatch releaseSelect = hold(select.next()); // the listening socket cannot close yet
        server.close();
        assertThat(server.isServing()).isFalse();
        releaseSelect.countDown();
        server.waitClosed().block(GUARD);
    }

    // issue 13: aclose() is cold everywhere; close() is the eager form
    @Test
    void acloseDoesNothingUntilSubscribedThenEverySubscriberWaitsForTheOneClose() throws Exception {
        StreamServer server = start();

        Mono<Void> closing = server.aclose(); // not subscribed

        assertThat(server.isServing()).isTrue();
        StreamConnection client =
                Streams.openConnection("127.0.0.1", server.port()).block(GUARD);
        await("the handler to start", () -> started.get() == 1);
        CompletableFuture<Void> closed =
                Mono.when(closing, closing, server.aclose()).toFuture();
        assertThat(server.isServing()).isFalse();
        assertThat(closed).as("closed while a handler still runs").isNotDone();
        server.closeClients();
        assertClosedByServer(client);
        closed.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertThat(running.get()).isZero();
    }

    /** Calls {@code action} on the listening channel's loop when the first connection is read. */
    private static final class CloseOnFirstAccept extends ChannelInboundHandlerAdapter {
        private final Runnable action;
        private boolean done;

        CloseOnFirstAccept(Runnable action) {
            this.action = action;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel && !done) {
                done = true;
                action.run();
            }
            ctx.fireChannelRead(msg);
        }
    }

    // gh-issue "Concurrency correctness: no lost grant, no over-admission, no hang", item 1
    @Test
    @Tag("stress")
    void closeThenCloseClientsRightAfterAConnectAlwaysEndsEveryConnection() {
        for (int round = 0, n = rounds(300); round < n; round++) {
            AtomicInteger running = new AtomicInteger();
            // A handler that only ends when its connection is closed.
            StreamServer server = Streams.startServer(
                            (reader, writer) -> Mono.<Void>never()
                                    .doOnSubscribe(s -> running.incrementAndGet())
                                    .doFinally(s -> running.decrementAndGet()),
                            "127.0.0.1",
                            0)
                    .block(GUARD);
            StreamConnection client =
                    Streams.openConnection("127.0.0.1", server.port()).block(GUARD);

            server.close();
            if (round % 2 == 0) {
                server.closeClients();
            } else {
                server.abortClients();
            }

            int r = round;
            assertThat(client.reader().read(-1).onErrorReturn(new byte[0]).block(GUARD))
                    .as("round %d: the server closed the connection", r)
                    .isNotNull();
            assertThat(server.waitClosed().then(Mono.fromCallable(running::get)).block(GUARD))
                    .as("round %d: handlers running when waitClosed() completed", r)
                    .isZero();
            client.writer().close();
            client.writer().waitClosed().block(GUARD);
        }
    }
}
