package dev.reactio.streams;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;

/**
 * A made-up charset of {@value #WIDTH} bytes per character (the char, then zeros): its decoder
 * needs more bytes for one character than a one-byte read-ahead buffer keeps.
 */
final class WideCharset extends Charset {

    static final int WIDTH = 40;

    WideCharset() {
        super("x-reactio-wide", new String[0]);
    }

    @Override
    public boolean contains(Charset cs) {
        return cs instanceof WideCharset;
    }

    @Override
    public CharsetDecoder newDecoder() {
        return new CharsetDecoder(this, 1f / WIDTH, 1f) {
            @Override
            protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                while (in.remaining() >= WIDTH) {
                    if (!out.hasRemaining()) {
                        return CoderResult.OVERFLOW;
                    }
                    out.put(in.getChar());
                    in.position(in.position() + WIDTH - 2);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }

    @Override
    public CharsetEncoder newEncoder() {
        byte[] replacement = new byte[WIDTH];
        replacement[1] = '?';
        return new CharsetEncoder(this, WIDTH, WIDTH, replacement) {
            @Override
            protected CoderResult encodeLoop(CharBuffer in, ByteBuffer out) {
                while (in.hasRemaining()) {
                    if (out.remaining() < WIDTH) {
                        return CoderResult.OVERFLOW;
                    }
                    out.putChar(in.get());
                    out.position(out.position() + WIDTH - 2);
                }
                return CoderResult.UNDERFLOW;
            }
        };
    }
}
