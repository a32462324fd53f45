package dev.reactio.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving HTTP/1.1 server for tests: it reads each request (head, then a
 * {@code Content-Length} body) and lets a {@link Script} write whatever bytes it likes as the
 * answer, so a test can serve a malformed status line, an interim {@code 1xx}, a body shorter
 * than promised or one that never ends. It keeps reading requests on the connection until the
 * script closes it or the client does.
 *
 * <p>Each connection has a thread of its own (blocking I/O, a test server only). It records
 * the requests it read, counts the connections it accepted and those the client closed, and
 * {@link #close()} closes everything.
 */
final class RawHttpServer implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    interface Script {
        void answer(Request request, Reply reply) throws IOException;
    }

    /**
     * A request the server read.
     *
     * @param connection which accepted connection it came on, from 0
     * @param index its position on that connection, from 0
     * @param head the request line and headers, without the blank line
     */
    record Request(int connection, int index, String head) {
        String path() {
            String line = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
            String[] parts = line.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }

        /** @return the first value of header {@code name}, or null */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** The answer's side of the connection. */
    static final class Reply {
        private final Socket socket;
        private final OutputStream out;
        private final AtomicLong sent;

        Reply(Socket socket, AtomicLong sent) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.sent = sent;
        }

        /** Writes {@code text} as ISO-8859-1 bytes (one byte per char) and flushes. */
        Reply write(String text) throws IOException {
            return write(text.getBytes(ISO_8859_1));
        }

        Reply write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
            sent.addAndGet(bytes.length);
            return this;
        }

        /** Writes {@code chunk} again and again until the client closes the connection. */
        void endless(byte[] chunk) {
            try {
                while (true) {
                    write(chunk);
                }
            } catch (IOException closedByClient) {
                // the end this method waits for
            }
        }

        /** Closes the connection after what was written. */
        void close() throws IOException {
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();

    private RawHttpServer(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "raw-http-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a server on an ephemeral port of the loopback address. */
    static RawHttpServer start(Script script) {
        try {
            return new RawHttpServer(script);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A script that answers every request with {@code response} and keeps the connection open. */
    static RawHttpServer answering(String response) {
        return start((req, reply) -> reply.write(response));
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** @return the requests read so far, in arrival order */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @return how many connections were accepted */
    int connections() {
        return accepted.get();
    }

    /** @return how many connections the client closed (the server read end-of-stream or a reset) */
    int closedByClient() {
        return closedByClient.get();
    }

    /** @return how many bytes the scripts wrote */
    long bytesSent() {
        return sent.get();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a test server: nothing to do about it
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(s);
            int id = accepted.getAndIncrement();
            Thread t = new Thread(() -> serve(s, id), "raw-http-" + port() + "-" + id);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            Reply reply = new Reply(socket, sent);
            for (int index = 0; ; index++) {
                String head = readHead(in);
                if (head == null) {
                    closedByClient.incrementAndGet();
                    return;
                }
                Request req = new Request(connection, index, head);
                String length = req.header("Content-Length");
                if (length != null) {
                    in.readNBytes(Integer.parseInt(length));
                }
                requests.add(req);
                script.answer(req, reply);
                if (socket.isClosed()) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed() && !server.isClosed()) {
                closedByClient.incrementAndGet(); // a reset from the client
            }
        }
    }

    /** @return the request head up to the blank line (excluded), or null at end-of-stream */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(ISO_8859_1);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        String s = head.toString(ISO_8859_1);
        return s.substring(0, s.length() - end.length);
    }

    /**
     * A whole response with a {@code Content-Length} body, e.g. {@code response(200, "OK", "hi")};
     * the body is written as ISO-8859-1, as {@link Reply#write(String)} does, and says so.
     */
    static String response(int status, String reason, String body) {
        return "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + body.getBytes(ISO_8859_1).length
                + "\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n" + body;
    }
}
