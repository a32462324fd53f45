package dev.reactio.streams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.MalformedInputException;
import reactor.core.CoreSubscriber;

/**
 * One line. For {@link AsyncFile#readline()} a line ends after {@code '\n'}, which it keeps,
 * as Python's does ({@code ""} at the end of the file). For {@link AsyncFile#lines()} it ends
 * at {@code "\n"}, {@code "\r\n"} or {@code "\r"}, which it drops, as {@code Files.lines}
 * does; the end of the file completes it empty.
 *
 * <p>The line is decoded exactly up to its end, so that the bytes after it stay in the
 * read-ahead buffer and {@code tell()} is exact. When line ends are single bytes
 * ({@link TextCodec#byteLines}) they are found in the bytes; otherwise (UTF-16...) the line
 * is decoded one character at a time.
 */
final class ReadLineOp extends FileOp<String> {

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final boolean keepEnd;
    private final StringBuilder line = new StringBuilder();
    /** A '\r' ended the line; a '\n' right after it belongs to the same line end. */
    private boolean sawCr;

    ReadLineOp(CoreSubscriber<? super String> actual, ChannelFile file, String name, boolean keepEnd) {
        super(actual, file, name);
        this.keepEnd = keepEnd;
    }

    @Override
    boolean step() throws IOException {
        if (flushWrites()) {
            return false;
        }
        ByteBuffer rb = file.readBuffer();
        TextCodec text = file.text();
        while (!sawCr) {
            if (text.byteLines) {
                int end = lineEnd(rb);
                if (end >= 0) {
                    decodeUpTo(rb, end);
                    if (rb.get(end - 1) == LF) {
                        return finish();
                    }
                    sawCr = true;
                    break;
                }
                text.decode(rb, line);
            } else if (decodeUpToLineEnd(rb)) {
                if (!sawCr) {
                    return finish();
                }
                break;
            }
            if (eof) {
                if (rb.hasRemaining()) {
                    throw new MalformedInputException(rb.remaining()); // the file ends inside a character
                }
                return finish();
            }
            readAhead();
            return false;
        }
        if (!rb.hasRemaining()) {
            if (eof) {
                return finish();
            }
            readAhead();
            return false;
        }
        if (text.byteLines) {
            if (rb.get(rb.position()) == LF) {
                decodeUpTo(rb, rb.position() + 1);
            }
            return finish();
        }
        int mark = rb.position();
        int length = line.length();
        int c = text.decodeOne(rb, line);
        if (c < 0 && !eof) {
            readAhead(); // the character after '\r' is incomplete
            return false;
        }
        if (c != LF) {
            rb.position(mark); // not part of this line: give it back
            line.setLength(length);
        }
        return finish();
    }

    /** The index after the first line end in {@code rb}, or -1. */
    private int lineEnd(ByteBuffer rb) {
        byte[] bytes = rb.array();
        for (int i = rb.arrayOffset() + rb.position(), end = rb.arrayOffset() + rb.limit(); i < end; i++) {
            byte b = bytes[i];
            if (b == LF || (b == CR && !keepEnd)) {
                return i - rb.arrayOffset() + 1;
            }
        }
        return -1;
    }

    private void decodeUpTo(ByteBuffer rb, int end) throws IOException {
        int limit = rb.limit();
        rb.limit(end);
        try {
            file.text().decode(rb, line);
        } finally {
            rb.limit(limit);
        }
        if (rb.position() != end) {
            throw new MalformedInputException(end - rb.position()); // a character cut short by the line end
        }
    }

    /** Decodes characters until a line end (true) or until more bytes are needed (false). */
    private boolean decodeUpToLineEnd(ByteBuffer rb) throws IOException {
        int c;
        while ((c = file.text().decodeOne(rb, line)) >= 0) {
            if (c == LF) {
                return true;
            }
            if (c == CR && !keepEnd) {
                sawCr = true;
                return true;
            }
        }
        return false;
    }

    private boolean finish() {
        if (keepEnd) {
            result = line.toString();
            return true;
        }
        int length = line.length();
        if (length == 0) {
            return true; // the end of the file: no more lines
        }
        if (line.charAt(length - 1) == LF) {
            length--;
        }
        if (length > 0 && line.charAt(length - 1) == CR) {
            length--;
        }
        result = line.substring(0, length);
        return true;
    }

    @Override
    void abandon() {
        rewind();
    }
}
