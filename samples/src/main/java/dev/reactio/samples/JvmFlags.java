package dev.reactio.samples;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Looks at the running JVM's flags, to tell users why BlockHound (debug mode's blocking-call
 * detector) cannot work. A jar's manifest cannot carry JVM flags, so the samples print a hint.
 */
public final class JvmFlags {

    /** The flag BlockHound needs on Java 13 and newer. */
    public static final String BLOCKHOUND_FLAG = "-XX:+AllowRedefinitionToAddDeleteMethods";

    private JvmFlags() {
    }

    /**
     * Whether this JVM certainly lacks {@value #BLOCKHOUND_FLAG} while needing it.
     *
     * @return {@code true} on Java 13+ HotSpot with the flag off; {@code false} if the flag is
     *     on, not needed, or cannot be read (another JVM)
     */
    public static boolean blockHoundFlagMissing() {
        if (Runtime.version().feature() < 13) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null
                    && !Boolean.parseBoolean(hotSpot.getVMOption("AllowRedefinitionToAddDeleteMethods").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or the flag no longer exists: nothing to tell
        }
    }
}
