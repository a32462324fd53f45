package dev.reactio.streams;

import java.io.IOException;
import reactor.core.CoreSubscriber;

/** {@link AsyncFile#flush()}, {@link AsyncFile#seek(long)} and the first half of {@code aclose()}. */
final class FlushOp extends FileOp<Void> {

    /** Where to move once the write buffer is written out, or -1 to stay. */
    private final long seekTo;

    FlushOp(CoreSubscriber<? super Void> actual, ChannelFile file, String name, long seekTo) {
        super(actual, file, name);
        this.seekTo = seekTo;
    }

    @Override
    boolean step() throws IOException {
        if (flushWrites()) {
            return false;
        }
        if (seekTo >= 0) {
            file.moveTo(seekTo);
        }
        return true;
    }

    @Override
    void abandon() {
        // The bytes not written yet stay buffered (FileOp puts them back); a seek did not happen.
    }
}
