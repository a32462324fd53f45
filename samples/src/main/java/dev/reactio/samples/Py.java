package dev.reactio.samples;

import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Formats values the way Python's {@code print} shows them, so that a sample prints exactly
 * what its Python original prints: {@code ['A result', 'B result']}, {@code True}, {@code None}.
 */
public final class Py {

    private Py() {}

    /**
     * Python's {@code str(value)}: what {@code print(value)} shows.
     *
     * @param value any value; {@code null} is Python's {@code None}
     * @return strings as they are, booleans as {@code True}/{@code False}, {@code null} as
     *     {@code None}, collections and maps and exceptions as their {@link #repr(Object)}
     */
    public static String str(@Nullable Object value) {
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        return repr(value);
    }

    /**
     * Python's {@code repr(value)}: how a value looks inside a printed list.
     *
     * @param value any value; {@code null} is Python's {@code None}
     * @return strings in single quotes, lists in brackets, maps in braces, exceptions as
     *     {@code ValueError('message')}-like {@code SimpleName('message')}
     */
    public static String repr(@Nullable Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (value instanceof Collection<?> c) {
            StringJoiner list = new StringJoiner(", ", "[", "]");
            c.forEach(e -> list.add(repr(e)));
            return list.toString();
        }
        if (value instanceof Map<?, ?> m) {
            StringJoiner dict = new StringJoiner(", ", "{", "}");
            m.forEach((k, v) -> dict.add(repr(k) + ": " + repr(v)));
            return dict.toString();
        }
        if (value instanceof Throwable t) {
            String message = t.getMessage();
            return t.getClass().getSimpleName() + "(" + (message == null ? "" : quote(message)) + ")";
        }
        return value.toString();
    }

    /** Quotes like Python: single quotes, unless the text holds a single quote and no double one. */
    private static String quote(String s) {
        if (s.indexOf('\'') >= 0 && s.indexOf('"') < 0) {
            return '"' + s.replace("\\", "\\\\") + '"';
        }
        return '\'' + s.replace("\\", "\\\\").replace("'", "\\'") + '\'';
    }
}
