package dev.reactio.streams;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decoder and encoder of a text-mode file, both strict (Python's {@code errors='strict'}):
 * malformed or unmappable input is an error, never replaced.
 *
 * <p>The decoder is never given the end of input: the bytes of an incomplete character stay in
 * the input buffer, where the read-ahead buffer keeps them for the next read. So the decoder
 * holds no bytes of its own and the file position stays exact. Likewise the encoder: asking
 * it to end would make UTF-16 write a byte order mark before every text.
 *
 * <p>Not thread-safe: only the operation holding the file uses it.
 */
final class TextCodec {

    private final CharsetDecoder decoder;
    /** Null for the few charsets that can only decode; the file is then opened read-only. */
    private final @Nullable CharsetEncoder encoder;
    /** Whether '\n' and '\r' are the single bytes 10 and 13, which never occur inside a character. */
    final boolean byteLines;

    private final CharBuffer chars;

    TextCodec(Charset charset, int bufferSize) {
        decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        encoder = !charset.canEncode()
                ? null
                : charset.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        byteLines = encodesAsByte(charset, "\n", 10) && encodesAsByte(charset, "\r", 13);
        chars = CharBuffer.allocate(Math.max(64, Math.min(bufferSize, ChannelFile.DEFAULT_BUFFER_SIZE)));
    }

    /*
     * UTF-8 uses no byte below 0x80 inside a character, and Shift_JIS, GBK, Big5 or GB18030
     * none below 0x30, so a line end can be found among the bytes before decoding. UTF-16 and
     * UTF-32 encode '\n' in several bytes and take the one-character-at-a-time path.
     */
    private static boolean encodesAsByte(Charset charset, String s, int b) {
        if (!charset.canEncode()) {
            return false;
        }
        try {
            ByteBuffer encoded = charset.newEncoder().encode(CharBuffer.wrap(s));
            return encoded.remaining() == 1 && encoded.get(0) == b;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** At the start of the file: a byte order mark is read and written again, as in Python. */
    void restart() {
        decoder.reset();
        if (encoder != null) {
            encoder.reset();
        }
    }

    /*
     * Elsewhere in the file: UTF-16's encoder starts every text with a byte order mark, which does
     * not belong in the middle of a file (Python skips it there too). Encoding a letter into a
     * scratch buffer moves the encoder past it; encoders without one are not changed by it.
     */
    void skipByteOrderMark() {
        if (encoder != null) {
            encoder.reset();
            encoder.encode(CharBuffer.wrap("a"), ByteBuffer.allocate(16), false);
        }
    }

    /** Decodes what it can of {@code in}, leaving the bytes of an incomplete character there. */
    void decode(ByteBuffer in, StringBuilder out) throws CharacterCodingException {
        while (true) {
            chars.clear();
            CoderResult r = decoder.decode(in, chars, false);
            chars.flip();
            out.append(chars);
            if (r.isError()) {
                r.throwException();
            }
            if (r.isUnderflow()) {
                return;
            }
        }
    }

    /** Decodes one character (two chars for a surrogate pair) of {@code in}; returns it, or -1 if incomplete. */
    int decodeOne(ByteBuffer in, StringBuilder out) throws CharacterCodingException {
        chars.clear().limit(1);
        CoderResult r = decoder.decode(in, chars, false);
        if (r.isOverflow() && chars.position() == 0) {
            chars.limit(2);
            r = decoder.decode(in, chars, false);
        }
        if (r.isError()) {
            r.throwException();
        }
        chars.flip();
        if (!chars.hasRemaining()) {
            return -1;
        }
        out.append(chars);
        return chars.get(0);
    }

    /** Encodes {@code s} whole, or fails without a byte of it. */
    ByteBuffer encode(String s) throws CharacterCodingException {
        CharsetEncoder enc = Objects.requireNonNull(encoder, "writable files have an encoder");
        CharBuffer in = CharBuffer.wrap(s);
        ByteBuffer out = ByteBuffer.allocate(capacity(16 + (long) (s.length() * (double) enc.averageBytesPerChar())));
        while (true) {
            CoderResult r = enc.encode(in, out, false);
            if (r.isOverflow()) {
                out = ByteBuffer.allocate(capacity(2L * out.capacity())).put(out.flip());
            } else if (r.isError()) {
                r.throwException();
            } else {
                break;
            }
        }
        if (in.hasRemaining()) {
            throw new MalformedInputException(in.remaining()); // a high surrogate without its low half
        }
        return out.flip();
    }

    private static int capacity(long wanted) {
        return (int) Math.min(Integer.MAX_VALUE - 8, wanted);
    }
}
