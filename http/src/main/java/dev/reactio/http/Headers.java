package dev.reactio.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Header argument checks shared by the builders: CR/LF injection, and characters a header cannot
 * carry, are refused up front.
 */
final class Headers {

    private Headers() {}

    /** Checks a header name: a token, no CR/LF, not empty. */
    static String checkName(String name) {
        Objects.requireNonNull(name, "header name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("header name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') {
                throw new IllegalArgumentException("header name \"" + printable(name)
                        + "\" contains an illegal character at index " + i
                        + " (CR, LF, space, ':', control or non-ASCII)");
            }
        }
        return name;
    }

    /**
     * Checks a header value: no CR, LF or NUL (header injection), and nothing above U+00FF: a
     * header is sent one byte per character (ISO-8859-1), and Netty would send such a character
     * as {@code '?'}, silently. The message shows the value; see {@link #checkSecret} for values
     * that must not be printed.
     */
    static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "value of header " + name);
        check("value of header " + name, value, true);
        return value;
    }

    /** {@link #checkValue} for text that ends up in a header under another name (a cookie), naming it {@code what}. */
    static void checkText(String what, String value) {
        check(what, value, true);
    }

    /** Refuses CR, LF and NUL in {@code value} without printing it (a password), naming it {@code what}. */
    static void checkSecret(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw injection(what, value, c, i, false);
            }
        }
    }

    /** Only CR, LF and NUL refused, the value shown: for values that are encoded before they are sent. */
    static void checkNoCrLf(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw injection(what, value, c, i, true);
            }
        }
    }

    private static void check(String what, String value, boolean show) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw injection(what, value, c, i, show);
            }
            if (c > 0xFF) {
                throw new IllegalArgumentException(
                        what + " contains " + String.format("U+%04X", (int) c) + " at index " + i
                                + (show ? ": \"" + printable(value) + "\"" : "")
                                + " (a header is sent as ISO-8859-1: characters above U+00FF cannot be; encode the value, e.g. "
                                + "percent-encoding or RFC 8187)");
            }
        }
    }

    private static IllegalArgumentException injection(String what, String value, char c, int i, boolean show) {
        return new IllegalArgumentException(what + " contains " + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                + " at index " + i + (show ? ": \"" + printable(value) + "\"" : "") + " (header injection is refused)");
    }

    /** Adds a checked header to an ordered multimap. */
    static void add(Map<String, List<String>> headers, String name, String value) {
        checkValue(checkName(name), value);
        headers.computeIfAbsent(name, k -> new java.util.ArrayList<>(1)).add(value);
    }

    static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
