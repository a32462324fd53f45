package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * A real channel whose read and write completions can be held back: while the gate is closed,
 * the I/O itself happens but its completion handler runs only once the gate opens. Lets the
 * tests catch an operation with its I/O in flight, without timing.
 */
final class GatedChannel extends AsynchronousFileChannel {

    private final AsynchronousFileChannel delegate;
    /** Guarded by this. */
    private boolean closedGate;
    /** Guarded by this. */
    private final List<Runnable> held = new ArrayList<>();
    /** Guarded by this; 0 for no limit. */
    private int maxWrite;
    /** Thrown by {@link #close()} once the channel is closed; null for none. Guarded by this. */
    private Error closeFailure;

    GatedChannel(AsynchronousFileChannel delegate) {
        this.delegate = delegate;
    }

    /** A file on a gated channel, as {@code AsyncFiles.open} would open it. */
    static ChannelFile open(Path path, String mode, int bufferSize, GatedChannel[] gate) throws IOException {
        OpenMode parsed = OpenMode.parse(mode);
        GatedChannel channel = new GatedChannel(
                AsynchronousFileChannel.open(path, parsed.options().toArray(new OpenOption[0])));
        gate[0] = channel;
        return ChannelFile.on(path, parsed, channel, parsed.binary() ? null : StandardCharsets.UTF_8, bufferSize);
    }

    synchronized void closeGate() {
        closedGate = true;
    }

    /** Opens the gate and runs the completions held back. */
    void openGate() {
        List<Runnable> run;
        synchronized (this) {
            closedGate = false;
            run = new ArrayList<>(held);
            held.clear();
        }
        run.forEach(Runnable::run);
    }

    /** Runs the completions held back so far, keeping the gate closed for the next ones. */
    void step() {
        List<Runnable> run;
        synchronized (this) {
            run = new ArrayList<>(held);
            held.clear();
        }
        run.forEach(Runnable::run);
    }

    /** Waits until {@code n} completions are held back: the I/Os themselves are done. */
    synchronized void awaitHeld(int n) throws InterruptedException {
        long deadline = System.nanoTime() + FileTesting.GUARD.toNanos(); // hang guard only
        while (held.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " held completions, got " + held.size());
            }
            wait(left / 1_000_000 + 1);
        }
    }

    private <A> CompletionHandler<Integer, A> gated(CompletionHandler<Integer, ? super A> handler) {
        return new CompletionHandler<>() {
            @Override
            public void completed(Integer result, A attachment) {
                pass(() -> handler.completed(result, attachment));
            }

            @Override
            public void failed(Throwable exc, A attachment) {
                pass(() -> handler.failed(exc, attachment));
            }
        };
    }

    private void pass(Runnable completion) {
        synchronized (this) {
            if (closedGate) {
                held.add(completion);
                notifyAll();
                return;
            }
        }
        completion.run();
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        delegate.read(dst, position, attachment, gated(handler));
    }

    /** Makes every write move at most {@code n} bytes, as a short write would. */
    synchronized void maxWrite(int n) {
        maxWrite = n;
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        int limit = src.limit();
        int max;
        synchronized (this) {
            max = maxWrite;
        }
        if (max == 0 || src.remaining() <= max) {
            delegate.write(src, position, attachment, gated(handler));
            return;
        }
        src.limit(src.position() + max);
        CompletionHandler<Integer, A> gated = gated(handler);
        delegate.write(src, position, attachment, new CompletionHandler<>() {
            @Override
            public void completed(Integer result, A a) {
                src.limit(limit);
                gated.completed(result, a);
            }

            @Override
            public void failed(Throwable exc, A a) {
                src.limit(limit);
                gated.failed(exc, a);
            }
        });
    }

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        return delegate.truncate(size);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        delegate.force(metaData);
    }

    @Override
    public <A> void lock(
            long position, long size, boolean shared, A attachment, CompletionHandler<FileLock, ? super A> handler) {
        delegate.lock(position, size, shared, attachment, handler);
    }

    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    /** Makes {@link #close()} throw {@code error} after closing the channel. */
    synchronized void failClose(Error error) {
        closeFailure = error;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
        Error failure;
        synchronized (this) {
            failure = closeFailure;
        }
        if (failure != null) {
            throw failure;
        }
    }
}
