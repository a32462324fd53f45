package dev.reactio.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/**
 * The settings the parent POM's Surefire configuration gives the forked test JVM: Netty's leak
 * detection at {@code paranoid} (every buffer tracked) and the stress multiplier.
 */
class BuildSettingsTest {

    @Test
    void forkedJvmTracksEveryBuffer() {
        assertThat(System.getProperty("io.netty.leakDetection.level")).as("set by Surefire").isEqualToIgnoringCase("paranoid");
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void forkedJvmHasTheStressMultiplier() {
        assertThat(Integer.getInteger("reactio.stress")).as("set by Surefire").isNotNull().isPositive();
    }
}
