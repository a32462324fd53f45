package dev.reactio.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request body: aiohttp's {@code json=}, {@code data=} and {@code FormData} arguments.
 * Immutable; the bytes are produced when the body is created (JSON is serialized by Jackson at
 * once, so a value Jackson cannot write fails here, not later), which also lets a redirect that
 * keeps the method (307, 308) send the same body again.
 *
 * <pre>{@code
 * session.post(url, Body.json(Map.of("key", "value")))
 * session.post(url, Body.form(Map.of("name", "Alice")))
 * session.post(url, Body.multipart(Body.Part.field("name", "Alice"),
 *                                  Body.Part.file("photo", "a.png", "image/png", bytes)))
 * }</pre>
 */
public final class Body {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Body EMPTY = new Body(new byte[0], null, List.of());

    private final byte[] bytes;
    private final @Nullable String contentType;
    private final List<Part> parts;

    private Body(byte[] bytes, @Nullable String contentType, List<Part> parts) {
        this.bytes = bytes;
        this.contentType = contentType;
        this.parts = parts;
    }

    /**
     * No body (the default of {@code get}, {@code head}, {@code delete}, {@code options}).
     *
     * @return the empty body
     */
    public static Body empty() {
        return EMPTY;
    }

    /**
     * {@code value} as JSON, {@code Content-Type: application/json}: aiohttp's {@code json=value}.
     *
     * @param value a map, a list, a record, a {@code JsonNode}, … anything Jackson writes
     * @return the body
     * @throws IllegalArgumentException if Jackson cannot serialize {@code value}
     */
    public static Body json(@Nullable Object value) {
        try {
            return new Body(JSON.writeValueAsBytes(value), "application/json", List.of());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "Body.json: cannot serialize "
                            + (value == null ? "null" : value.getClass().getName()) + " as JSON: "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * An URL-encoded form, {@code Content-Type: application/x-www-form-urlencoded}: aiohttp's
     * {@code data=dict}. Fields keep the map's iteration order.
     *
     * @param fields names and values
     * @return the body
     */
    public static Body form(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            Objects.requireNonNull(k, "form field name");
            Objects.requireNonNull(v, () -> "value of form field " + k);
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return new Body(
                sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded", List.of());
    }

    /**
     * Text in UTF-8, {@code Content-Type: text/plain; charset=utf-8}: aiohttp's {@code data=str}.
     *
     * @param text the text
     * @return the body
     */
    public static Body text(String text) {
        Objects.requireNonNull(text, "text");
        return new Body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", List.of());
    }

    /**
     * Raw bytes with a content type: aiohttp's {@code data=bytes}.
     *
     * @param data the bytes (copied)
     * @param contentType e.g. {@code "application/octet-stream"}
     * @return the body
     * @throws IllegalArgumentException if {@code contentType} contains CR or LF
     */
    public static Body bytes(byte[] data, String contentType) {
        Objects.requireNonNull(data, "data");
        Headers.checkValue("Content-Type", Objects.requireNonNull(contentType, "contentType"));
        return new Body(data.clone(), contentType, List.of());
    }

    /**
     * A {@code multipart/form-data} form: aiohttp's {@code FormData}, with fields and files.
     * See {@link #multipart(List)} for how it is written.
     *
     * @param parts the parts, in order
     * @return the body
     * @throws IllegalArgumentException if there are no parts
     */
    public static Body multipart(Part... parts) {
        return multipart(Arrays.asList(Objects.requireNonNull(parts, "parts")));
    }

    /**
     * A {@code multipart/form-data} form: aiohttp's {@code FormData}, with fields and files.
     * Written as browsers write a form (the WHATWG multipart/form-data encoding algorithm, RFC 7578):
     * <ul>
     * <li>names and file names are sent in UTF-8 between quotes, with {@code "}, CR and LF escaped as
     * {@code %22}, {@code %0D} and {@code %0A}. The server sees the escapes (a name {@code a"b}
     * arrives as {@code a%22b}), but no name can add a parameter such as {@code filename} or a header;
     * <li>every part has a {@code Content-Type} (a field's is {@code text/plain; charset=utf-8});
     * files with the same name are separate parts (never the nested {@code multipart/mixed} RFC 7578
     * deprecates);
     * <li>the boundary holds 128 bits from a {@link java.security.SecureRandom} and occurs in no
     * part's data, so a part cannot end the form early or start a part of its own;
     * <li>the body is written now and sent with its {@code Content-Length}; its
     * {@code Content-Type} (with the boundary) replaces any the request headers set.
     * </ul>
     *
     * @param parts the parts, in order
     * @return the body
     * @throws IllegalArgumentException if {@code parts} is empty
     */
    public static Body multipart(List<Part> parts) {
        return multipart(parts, MultipartEncoder::randomBoundary);
    }

    /** {@link #multipart(List)} with the boundary candidates of {@code boundaries} (tests). */
    static Body multipart(List<Part> parts, Supplier<String> boundaries) {
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Body.multipart needs at least one part");
        }
        parts.forEach(p -> Objects.requireNonNull(p, "parts contains null"));
        List<Part> copy = List.copyOf(parts);
        String boundary = MultipartEncoder.boundaryFor(copy, boundaries);
        return new Body(MultipartEncoder.encode(copy, boundary), "multipart/form-data; boundary=" + boundary, copy);
    }

    /** @return the content type this body is sent with, or {@code null} for the empty body */
    public @Nullable String contentType() {
        return contentType;
    }

    /** @return whether this is the multipart form */
    boolean isMultipart() {
        return !parts.isEmpty();
    }

    /** @return whether there is nothing to send */
    boolean isEmpty() {
        return parts.isEmpty() && bytes.length == 0 && contentType == null;
    }

    /** The encoded bytes (not a copy; never modified). */
    byte[] bytes() {
        return bytes;
    }

    List<Part> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return isMultipart()
                ? "Body[multipart, " + parts.size() + " parts]"
                : "Body[" + (contentType == null ? "empty" : contentType + ", " + bytes.length + " bytes") + "]";
    }

    /**
     * One part of a {@link #multipart} form: a plain field or a file. A name or file name may hold
     * any character but NUL; {@code "}, CR and LF are sent escaped (see {@link #multipart(List)}).
     *
     * @param name the form field name
     * @param filename the file name for a file part, {@code null} for a plain field
     * @param contentType the part's content type
     * @param data the part's bytes
     */
    public record Part(String name, @Nullable String filename, String contentType, byte[] data) {

        /**
         * Checks the arguments; copies {@code data}.
         *
         * @throws IllegalArgumentException if {@code name} or {@code filename} contains NUL, which
         *     no header can carry, or {@code contentType} contains CR, LF or NUL
         */
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(data, "data");
            checkNoNul("name", name);
            if (filename != null) {
                checkNoNul("filename", filename);
            }
            Headers.checkNoCrLf("Body.Part contentType", contentType);
            data = data.clone();
        }

        private static void checkNoNul(String argument, String value) {
            int i = value.indexOf('\0');
            if (i >= 0) {
                throw new IllegalArgumentException("Body.Part " + argument + " contains NUL at index " + i + ": \""
                        + Headers.printable(value) + "\" (a header cannot carry it)");
            }
        }

        /**
         * A text field: {@code form.add_field(name, value)}.
         *
         * @param name the field name
         * @param value the text (UTF-8)
         * @return the part
         */
        public static Part field(String name, String value) {
            Objects.requireNonNull(value, "value");
            return new Part(name, null, "text/plain; charset=utf-8", value.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * A file: {@code form.add_field(name, data, filename=..., content_type=...)}.
         *
         * @param name the field name
         * @param filename the file name the server sees
         * @param contentType the file's content type
         * @param data the file's bytes
         * @return the part
         */
        public static Part file(String name, String filename, String contentType, byte[] data) {
            Objects.requireNonNull(filename, "filename");
            return new Part(name, filename, contentType, data);
        }
    }
}
