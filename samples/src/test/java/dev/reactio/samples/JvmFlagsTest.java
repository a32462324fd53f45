package dev.reactio.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {

    @Test
    void java17NeedsTheRedefinitionFlag() {
        assertThat(JvmFlags.debugModeCommand(17))
                .isEqualTo(
                        "java -XX:+AllowRedefinitionToAddDeleteMethods -jar samples/target/reactio-samples.jar debug-mode");
    }

    @Test
    void java21AndLaterAlsoNeedDynamicAgentLoading() {
        String both = "java -XX:+AllowRedefinitionToAddDeleteMethods -XX:+EnableDynamicAgentLoading"
                + " -jar samples/target/reactio-samples.jar debug-mode";

        assertThat(JvmFlags.debugModeCommand(21)).isEqualTo(both);
        assertThat(JvmFlags.debugModeCommand(25)).isEqualTo(both);
    }

    @Test
    void java11NeedsNoFlag() {
        assertThat(JvmFlags.debugModeCommand(11)).isEqualTo("java -jar samples/target/reactio-samples.jar debug-mode");
    }
}
