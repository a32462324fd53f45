package dev.reactio.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTest {

    @Test
    void listsOfStringsPrintLikePythonLists() {
        assertThat(Py.str(List.of("A result", "B result"))).isEqualTo("['A result', 'B result']");
    }

    @Test
    void listsOfNumbersPrintLikePythonLists() {
        assertThat(Py.str(List.of(0, 1, 2))).isEqualTo("[0, 1, 2]");
    }

    @Test
    void booleansAndNullPrintAsPythonConstants() {
        assertThat(Py.str(true)).isEqualTo("True");
        assertThat(Py.str(false)).isEqualTo("False");
        assertThat(Py.str(null)).isEqualTo("None");
        assertThat(Py.str(Arrays.asList("a", null))).isEqualTo("['a', None]");
    }

    @Test
    void stringsPrintAsTheyAreButAreQuotedInsideCollections() {
        assertThat(Py.str("it's")).isEqualTo("it's");
        assertThat(Py.repr("it's")).isEqualTo("\"it's\"");
        assertThat(Py.repr("say \"it's\"")).isEqualTo("'say \"it\\'s\"'");
    }

    @Test
    void mapsPrintLikePythonDicts() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("key", "value");
        map.put("n", 1);

        assertThat(Py.str(map)).isEqualTo("{'key': 'value', 'n': 1}");
    }

    @Test
    void exceptionsPrintLikePythonExceptionReprs() {
        assertThat(Py.str(List.of(new IllegalArgumentException("boom"))))
                .isEqualTo("[IllegalArgumentException('boom')]");
        assertThat(Py.repr(new IllegalStateException())).isEqualTo("IllegalStateException()");
    }

    @Test
    void printJoinsItsArgumentsWithSpaces() {
        Transcript transcript = Transcript.atScale(0);

        transcript.ctx().print("Data 1", "Data 2");
        transcript.ctx().print("done:", true, null);

        assertThat(transcript.lines()).containsExactly("Data 1 Data 2", "done: True None");
    }
}
