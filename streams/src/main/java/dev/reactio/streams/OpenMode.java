package dev.reactio.streams;

import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * A parsed Python file mode such as {@code "r"}, {@code "wb"} or {@code "a+"}: exactly one of
 * {@code r w a x}, optionally {@code +} (read and write) and one of {@code b} (binary) or
 * {@code t} (text, the default), in any order, each at most once. Python's own rules.
 *
 * @param text the mode as the user wrote it, for messages
 * @param readable whether reads are allowed
 * @param writable whether writes are allowed
 * @param append whether every write goes to the end of the file
 * @param binary whether the file is read and written as bytes rather than text
 * @param options how to open the channel
 */
record OpenMode(
        String text,
        boolean readable,
        boolean writable,
        boolean append,
        boolean binary,
        Set<StandardOpenOption> options) {

    static final String ALLOWED = "one of r, w, a or x, optionally with + (read and write) and b (binary) "
            + "or t (text, the default), such as 'r', 'rb', 'r+', 'r+b', 'w', 'wb', 'w+', 'a', 'ab', 'a+', "
            + "'x', 'xb' or 'x+'";

    OpenMode {
        options = Set.copyOf(options);
    }

    /**
     * Parses {@code mode} as Python's {@code open} does.
     *
     * @throws IllegalArgumentException naming the mode and the allowed ones if it is not valid
     */
    static OpenMode parse(String mode) {
        char kind = 0;
        boolean plus = false;
        boolean binary = false;
        boolean text = false;
        for (int i = 0; i < mode.length(); i++) {
            char c = mode.charAt(i);
            boolean repeated;
            switch (c) {
                case 'r', 'w', 'a', 'x' -> {
                    repeated = kind != 0;
                    kind = c;
                }
                case '+' -> {
                    repeated = plus;
                    plus = true;
                }
                case 'b' -> {
                    repeated = binary || text;
                    binary = true;
                }
                case 't' -> {
                    repeated = text || binary;
                    text = true;
                }
                default -> throw invalid(mode);
            }
            if (repeated) {
                throw invalid(mode);
            }
        }
        if (kind == 0) {
            throw invalid(mode);
        }
        EnumSet<StandardOpenOption> options = EnumSet.noneOf(StandardOpenOption.class);
        if (kind == 'r' || plus) {
            options.add(StandardOpenOption.READ);
        }
        if (kind != 'r') {
            options.add(StandardOpenOption.WRITE);
        }
        switch (kind) {
            case 'r' -> {
                if (plus) {
                    options.add(StandardOpenOption.WRITE);
                }
            }
            case 'w' -> {
                options.add(StandardOpenOption.CREATE);
                options.add(StandardOpenOption.TRUNCATE_EXISTING);
            }
            // AsynchronousFileChannel refuses APPEND: AsyncFile writes at the current end itself.
            case 'a' -> options.add(StandardOpenOption.CREATE);
            default -> options.add(StandardOpenOption.CREATE_NEW);
        }
        return new OpenMode(
                mode,
                options.contains(StandardOpenOption.READ),
                options.contains(StandardOpenOption.WRITE),
                kind == 'a',
                binary,
                options);
    }

    private static IllegalArgumentException invalid(String mode) {
        return new IllegalArgumentException("mode '" + mode + "' is not a file mode: use " + ALLOWED);
    }
}
