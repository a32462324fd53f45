package dev.reactio.samples.apps;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.streams.StreamConnection;
import dev.reactio.streams.StreamReader;
import dev.reactio.streams.StreamServer;
import dev.reactio.streams.StreamWriter;
import dev.reactio.streams.Streams;
import dev.reactio.sync.AsyncQueue;
import dev.reactio.sync.QueueFullException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async best practices &gt; When to use asyncio" (何时使用 asyncio): "real-time
 * apps: WebSocket, chat servers" (实时应用：WebSocket、聊天服务器). A line-based chat server on
 * {@code start_server}, the way it is written with asyncio:
 * <pre>{@code
 * async def handle(reader, writer):
 *     client = Client(name=f"guest-{next(ids)}", outbox=asyncio.Queue(100))
 *     clients.add(client)
 *     sender = asyncio.create_task(send_loop(client, writer))   # outbox -> socket
 *     broadcast(f"* {client.name} joined", skip=client)
 *     while line := await reader.readline():
 *         text = line.decode().strip()
 *         if text.startswith("/nick "): rename(client, text[6:])
 *         elif text == "/quit": break
 *         else: broadcast(f"{client.name}: {text}", skip=client)
 *     clients.remove(client); broadcast(f"* {client.name} left")
 *     client.outbox.shutdown(); await sender; writer.close(); await writer.wait_closed()
 * }</pre>
 * Each client has its own {@link AsyncQueue} outbox drained by its own sender, so one slow
 * reader never holds up the others; a client whose outbox is full (100 lines behind) is
 * disconnected. The demo then runs three scripted clients (alice, bob, carol) against the server
 * and prints every line each one receives, step by step.
 */
public final class ChatServerSample {

    /** Lines a client may fall behind before it is disconnected. */
    static final int OUTBOX = 100;

    private ChatServerSample() {}

    /** The chat room: every connected client's outbox. Thread-safe. */
    static final class Room {
        private final Map<Integer, Member> members = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        /** One connected client. */
        static final class Member {
            final int id;
            volatile String nick;
            final AsyncQueue<String> outbox = new AsyncQueue<>(OUTBOX);

            Member(int id) {
                this.id = id;
                this.nick = "guest-" + id;
            }
        }

        /**
         * Queues {@code line} for every member but {@code skip} (null: everyone). Over a snapshot
         * of the members: a put can run the receiver's sender (and its write) at once, so a
         * live iteration could still be going on when someone joins, and greet the newcomer
         * with a line from before it joined. asyncio's single thread never sees this.
         */
        void broadcast(String line, @Nullable Member skip) {
            List.copyOf(members.values()).forEach(m -> {
                if (m != skip) {
                    send(m, line);
                }
            });
        }

        void send(Member m, String line) {
            try {
                m.outbox.putNowait(line);
            } catch (QueueFullException e) {
                m.outbox.shutdown(true); // too slow: its sender stops, the connection closes
            } catch (RuntimeException e) {
                // shut down already: that member is leaving
            }
        }

        /** {@code async def handle(reader, writer)}. */
        Mono<Void> handle(StreamReader reader, StreamWriter writer) {
            Member me = new Member(ids.incrementAndGet());
            members.put(me.id, me);
            send(me, "Welcome, " + me.nick + "! Send /nick NAME to choose a name, /quit to leave.");
            broadcast("* " + me.nick + " joined", me);
            // sender = asyncio.create_task(send_loop(...)): the outbox until it is shut down
            Mono<Void> sender = me.outbox
                    .consume()
                    .concatMap(
                            line -> {
                                writer.write((line + "\n").getBytes(UTF_8));
                                return writer.drain();
                            },
                            0)
                    .then();
            Mono<Void> receiver = reader.readline()
                    .repeat()
                    .takeWhile(bytes -> bytes.length > 0) // an empty array: EOF
                    .map(bytes -> new String(bytes, UTF_8).strip())
                    .takeUntil(line -> line.equals("/quit"))
                    .concatMap(line -> {
                        if (line.startsWith("/nick ")) {
                            String old = me.nick;
                            me.nick = line.substring(6).strip();
                            broadcast("* " + old + " is now " + me.nick, null);
                        } else if (!line.isEmpty() && !line.equals("/quit")) {
                            broadcast(me.nick + ": " + line, me);
                        }
                        return Mono.empty();
                    })
                    .then(Mono.fromRunnable(() -> {
                        members.remove(me.id);
                        broadcast("* " + me.nick + " left", me);
                        me.outbox.shutdown(false); // the sender sends what is queued, then ends
                    }));
            return Mono.when(sender, receiver)
                    .onErrorResume(e -> Mono.fromRunnable(() -> {
                        members.remove(me.id);
                        me.outbox.shutdown(true);
                    }))
                    .then(Mono.defer(() -> {
                        writer.close();
                        return writer.waitClosed();
                    }));
        }
    }

    /** A scripted client: sends lines and prints every line it receives. */
    record Client(String name, StreamConnection connection, SampleContext ctx) {

        Mono<Void> say(String line) {
            return Mono.fromRunnable(() -> connection.writer().write((line + "\n").getBytes(UTF_8)));
        }

        /** Reads the next line, prints it and checks it is {@code expected}. */
        Mono<Void> expect(String expected) {
            return connection
                    .reader()
                    .readline()
                    .map(bytes -> new String(bytes, UTF_8).strip())
                    .flatMap(line -> {
                        ctx.print("[" + name + "] " + line);
                        return line.equals(expected)
                                ? Mono.<Void>empty()
                                : Mono.error(new IllegalStateException(
                                        name + " expected \"" + expected + "\" but got \"" + line + "\""));
                    });
        }

        Mono<Void> leave() {
            return say("/quit").then(connection.reader().read(-1)).then(Mono.defer(() -> {
                connection.writer().close();
                return connection.writer().waitClosed();
            }));
        }
    }

    static Mono<Client> connect(SampleContext ctx, int port, String name) {
        return Streams.openConnection("127.0.0.1", port).map(c -> new Client(name, c, ctx));
    }

    /** The scripted conversation; each step waits until everyone got its lines. */
    static Mono<Void> conversation(SampleContext ctx, int port) {
        return connect(ctx, port, "alice")
                .flatMap(alice -> alice.expect("Welcome, guest-1! Send /nick NAME to choose a name, /quit to leave.")
                        .then(alice.say("/nick alice"))
                        .then(alice.expect("* guest-1 is now alice"))
                        .then(connect(ctx, port, "bob"))
                        .flatMap(
                                bob -> bob.expect("Welcome, guest-2! Send /nick NAME to choose a name, /quit to leave.")
                                        .then(alice.expect("* guest-2 joined"))
                                        .then(bob.say("/nick bob"))
                                        .then(bob.expect("* guest-2 is now bob"))
                                        .then(alice.expect("* guest-2 is now bob"))
                                        .then(connect(ctx, port, "carol"))
                                        .flatMap(carol -> carol.expect(
                                                        "Welcome, guest-3! Send /nick NAME to choose a name, /quit to leave.")
                                                .then(alice.expect("* guest-3 joined"))
                                                .then(bob.expect("* guest-3 joined"))
                                                .then(carol.say("/nick carol"))
                                                .then(carol.expect("* guest-3 is now carol"))
                                                .then(alice.expect("* guest-3 is now carol"))
                                                .then(bob.expect("* guest-3 is now carol"))
                                                .then(alice.say("Hello, everyone!"))
                                                .then(bob.expect("alice: Hello, everyone!"))
                                                .then(carol.expect("alice: Hello, everyone!"))
                                                .then(bob.say("Hi Alice!"))
                                                .then(alice.expect("bob: Hi Alice!"))
                                                .then(carol.expect("bob: Hi Alice!"))
                                                .then(bob.leave())
                                                .then(alice.expect("* bob left"))
                                                .then(carol.expect("* bob left"))
                                                .then(carol.leave())
                                                .then(alice.expect("* carol left"))
                                                .then(alice.leave()))));
    }

    /**
     * Starts the server, runs the conversation, closes the server.
     *
     * @param ctx where to print
     * @return a cold {@code Mono} that completes when everyone left and the server is closed
     */
    public static Mono<Void> main(SampleContext ctx) {
        Room room = new Room();
        return Streams.startServer(room::handle, "127.0.0.1", 0).flatMap(server -> {
            ctx.print("Chat server on " + server.address());
            // On a failed step, abort the clients' connections on the server side too, so that
            // closing the server (which waits for every handler) does not wait for them.
            return Aio.using(
                            Mono.just(server),
                            (StreamServer s) -> conversation(ctx, s.port()).doOnError(e -> s.abortClients()))
                    .then(Mono.fromRunnable(() -> ctx.print("Chat server closed")));
        });
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }
}
