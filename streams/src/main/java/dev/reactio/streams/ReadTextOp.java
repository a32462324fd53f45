package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import reactor.core.CoreSubscriber;

/** {@link AsyncFile#read()}: decodes the rest of the file. */
final class ReadTextOp extends FileOp<String> {

    private final StringBuilder text = new StringBuilder();

    ReadTextOp(CoreSubscriber<? super String> actual, ChannelFile file) {
        super(actual, file, "read()");
    }

    @Override
    boolean step() throws IOException {
        if (flushWrites()) {
            return false;
        }
        ByteBuffer rb = file.readBuffer();
        file.text().decode(rb, text);
        if (!eof) {
            readAhead();
            return false;
        }
        if (rb.hasRemaining()) {
            throw new MalformedInputException(rb.remaining()); // the file ends inside a character
        }
        result = text.toString();
        return true;
    }

    @Override
    void abandon() {
        rewind();
    }
}
