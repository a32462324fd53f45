package dev.reactio.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Header argument checks shared by the builders: CR/LF injection is refused up front. */
final class Headers {

    private Headers() {
    }

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

    /** Checks a header value: no CR, LF or NUL (header injection). */
    static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "value of header " + name);
        checkNoCrLf("value of header " + name, value);
        return value;
    }

    static void checkNoCrLf(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException(what + " contains " + (c == '\r' ? "CR" : c == '\n' ? "LF" : "NUL")
                        + " at index " + i + ": \"" + printable(value) + "\" (header injection is refused)");
            }
        }
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
