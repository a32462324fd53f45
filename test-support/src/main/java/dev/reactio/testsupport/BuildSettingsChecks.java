package dev.reactio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/**
 * The settings the parent POM's Surefire configuration gives the forked test JVM: Netty's leak
 * detection at {@code paranoid} (every buffer tracked), the stress multiplier and JUnit's hang
 * guard. A module runs them with a one-line {@code class BuildSettingsTest extends
 * BuildSettingsChecks {}} in its own tests.
 */
public abstract class BuildSettingsChecks {

    @Test
    void forkedJvmTracksEveryBuffer() {
        assumeTrue(nettyPresent(), "a module without Netty");
        assertThat(System.getProperty("io.netty.leakDetection.level"))
                .as("set by Surefire")
                .isEqualToIgnoringCase("paranoid");
        assertThat(NettyLevel.current()).isEqualTo("PARANOID");
    }

    @Test
    void forkedJvmHasTheStressMultiplier() {
        assertThat(Integer.getInteger("reactio.stress"))
                .as("set by Surefire")
                .isNotNull()
                .isPositive();
    }

    @Test
    void forkedJvmHasTheHangGuard() {
        assertThat(System.getProperty("junit.jupiter.execution.timeout.default"))
                .as("set by Surefire")
                .isNotBlank();
    }

    private static boolean nettyPresent() {
        try {
            Class.forName("io.netty.util.ResourceLeakDetector", false, BuildSettingsChecks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Loaded only where Netty is on the class path (netty-buffer is an optional dependency). */
    private static final class NettyLevel {
        static String current() {
            return ResourceLeakDetector.getLevel().name();
        }
    }
}
