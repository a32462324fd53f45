package dev.reactio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes Netty {@code ByteBuf} leaks fail tests. Installed for the whole test run as a JUnit
 * {@link LauncherSessionListener}, so that it is in place before Netty creates its leak
 * detectors; tests that touch sockets call {@link #assertNoLeaks()} after they are done. Leak
 * detection runs at {@code paranoid} (every buffer tracked), as Surefire also sets it.
 *
 * <p>A module registers it in its own {@code src/test/resources/META-INF/services} (this jar
 * registers nothing, so that core's tests, which have no Netty, never load it): the file
 * {@code org.junit.platform.launcher.LauncherSessionListener} for the listener, and, for a check
 * after every top-level test class, {@code org.junit.jupiter.api.extension.Extension} together with
 * {@code junit.jupiter.extensions.autodetection.enabled = true} in {@code junit-platform.properties}.
 */
public final class LeakDetection implements LauncherSessionListener, AfterAllCallback {

    private static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());

    /** A top-level class after which a leak is found fails, with Netty's access records. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getRequiredTestClass().getEnclosingClass() == null) {
            assertNoLeaks();
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        install();
    }

    /** Installs the recording detector factory (again); idempotent. */
    public static synchronized void install() {
        if (ResourceLeakDetectorFactory.instance() instanceof Recording) {
            return;
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Recording());
    }

    /**
     * Collects garbage, lets Netty's detectors look at what was collected, and fails with the
     * leak records if any {@code ByteBuf} was garbage-collected without being released.
     */
    public static void assertNoLeaks() {
        assertThat(drainLeaks()).as("Netty ByteBuf leaks").isEmpty();
    }

    /** The leaks reported since the last call (after a GC). */
    public static List<String> drainLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            System.runFinalization();
            // Detectors poll their reference queue when a buffer is allocated.
            for (int j = 0; j < 64; j++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(16);
                b.release();
                ByteBuf h = Unpooled.buffer(16);
                h.release();
            }
        }
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    private static final class Recording extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    LEAKS.add(resourceType + " leak: " + records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    LEAKS.add(resourceType + " leak (untraced)");
                }
            };
        }
    }
}
