package dev.reactio.streams;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link OpenMode}: Python's mode strings, as channel options. */
class OpenModeTest {

    static Stream<Arguments> modes() {
        return Stream.of(
                Arguments.of("r", true, false, false, false, Set.of(READ)),
                Arguments.of("rb", true, false, false, true, Set.of(READ)),
                Arguments.of("rt", true, false, false, false, Set.of(READ)),
                Arguments.of("r+", true, true, false, false, Set.of(READ, WRITE)),
                Arguments.of("r+b", true, true, false, true, Set.of(READ, WRITE)),
                Arguments.of("w", false, true, false, false, Set.of(WRITE, CREATE, TRUNCATE_EXISTING)),
                Arguments.of("wb", false, true, false, true, Set.of(WRITE, CREATE, TRUNCATE_EXISTING)),
                Arguments.of("w+", true, true, false, false, Set.of(READ, WRITE, CREATE, TRUNCATE_EXISTING)),
                Arguments.of("a", false, true, true, false, Set.of(WRITE, CREATE)),
                Arguments.of("ab", false, true, true, true, Set.of(WRITE, CREATE)),
                Arguments.of("a+", true, true, true, false, Set.of(READ, WRITE, CREATE)),
                Arguments.of("x", false, true, false, false, Set.of(WRITE, CREATE_NEW)),
                Arguments.of("xb", false, true, false, true, Set.of(WRITE, CREATE_NEW)),
                Arguments.of("x+", true, true, false, false, Set.of(READ, WRITE, CREATE_NEW)),
                Arguments.of("b+x", true, true, false, true, Set.of(READ, WRITE, CREATE_NEW)));
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("modes")
    void aModeOpensWithPythonsMeaning(
            String mode,
            boolean readable,
            boolean writable,
            boolean append,
            boolean binary,
            Set<StandardOpenOption> options) {
        OpenMode parsed = OpenMode.parse(mode);
        assertThat(parsed.text()).isEqualTo(mode);
        assertThat(parsed.readable()).as("readable").isEqualTo(readable);
        assertThat(parsed.writable()).as("writable").isEqualTo(writable);
        assertThat(parsed.append()).as("append").isEqualTo(append);
        assertThat(parsed.binary()).as("binary").isEqualTo(binary);
        assertThat(parsed.options()).isEqualTo(options);
    }
}
