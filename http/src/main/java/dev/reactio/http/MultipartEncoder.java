package dev.reactio.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a {@code multipart/form-data} body (RFC 7578) the way the WHATWG "multipart/form-data
 * encoding algorithm" has browsers write it.
 *
 * <p>Why not Netty's {@code HttpPostRequestEncoder} (reactor-netty's {@code sendForm}): it writes
 * names into {@code name="…"} unescaped, so a field name with a quote becomes a file upload on
 * the server; it draws boundaries from {@code ThreadLocalRandom}, whose next outputs follow from two
 * it has shown a peer; and it nests files of the same name in the {@code multipart/mixed} form that
 * RFC 7578 deprecates. A form held in memory is a few lines of bytes, so it is written here.
 */
final class MultipartEncoder {

    private static final byte[] CRLF = {'\r', '\n'};

    private MultipartEncoder() {}

    /** A fresh boundary: 128 bits from a {@link SecureRandom}, so that no peer can guess it. */
    static String randomBoundary() {
        byte[] bits = new byte[16];
        Random.INSTANCE.nextBytes(bits);
        return "----ReactioFormBoundary" + HexFormat.of().formatHex(bits);
    }

    /**
     * The first boundary from {@code boundaries} that occurs nowhere in the parts' data, so that no
     * part can end the body early or start a part of its own (the headers cannot: they hold no
     * CR/LF once escaped).
     */
    static String boundaryFor(List<Body.Part> parts, Supplier<String> boundaries) {
        while (true) {
            String boundary = boundaries.get();
            byte[] b = boundary.getBytes(StandardCharsets.US_ASCII);
            if (parts.stream().noneMatch(p -> indexOf(p.data(), b) >= 0)) {
                return boundary;
            }
        }
    }

    /** The body of {@code parts}, each part delimited by {@code boundary}. */
    static byte[] encode(List<Body.Part> parts, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Body.Part p : parts) {
            StringBuilder head = new StringBuilder("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(escape(p.name()))
                    .append('"');
            if (p.filename() != null) {
                head.append("; filename=\"").append(escape(p.filename())).append('"');
            }
            head.append("\r\nContent-Type: ").append(p.contentType()).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.data());
            out.writeBytes(CRLF);
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * A name or file name as it goes between the quotes: {@code "}, CR and LF become {@code %22},
     * {@code %0D} and {@code %0A}, as browsers do; the server sees the escapes, not the characters.
     * A backslash stays as it is (browsers send it so): with no quote left, it can at worst make a
     * backslash-unescaping server misread this one value, never add a parameter or a header.
     */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = c == '"' ? "%22" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : null;
            if (esc != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Created on first use: seeding a {@code SecureRandom} is not free. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }
}
