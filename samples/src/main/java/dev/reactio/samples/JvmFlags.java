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

    /**
     * The flag that lets BlockHound load its agent into a running JVM without a warning on Java 21
     * and newer (JEP 451; a later JDK will refuse the agent without it).
     */
    public static final String DYNAMIC_AGENT_FLAG = "-XX:+EnableDynamicAgentLoading";

    /** The samples' jar, as the README builds it. */
    static final String JAR = "samples/target/reactio-samples.jar";

    private JvmFlags() {}

    /**
     * The command that runs the {@code debug-mode} sample with BlockHound working on this JVM.
     *
     * @return {@code java <flags> -jar samples/target/reactio-samples.jar debug-mode}
     */
    public static String debugModeCommand() {
        return debugModeCommand(Runtime.version().feature());
    }

    /**
     * The command that runs the {@code debug-mode} sample with BlockHound working on a Java
     * {@code feature} JVM: {@value #BLOCKHOUND_FLAG} from Java 13, and {@value #DYNAMIC_AGENT_FLAG}
     * too from Java 21.
     *
     * @param feature the Java feature release, such as 17 or 21
     * @return the command line
     */
    static String debugModeCommand(int feature) {
        StringBuilder command = new StringBuilder("java");
        if (feature >= 13) {
            command.append(' ').append(BLOCKHOUND_FLAG);
        }
        if (feature >= 21) {
            command.append(' ').append(DYNAMIC_AGENT_FLAG);
        }
        return command.append(" -jar ").append(JAR).append(" debug-mode").toString();
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
                    && !Boolean.parseBoolean(hotSpot.getVMOption("AllowRedefinitionToAddDeleteMethods")
                            .getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or the flag no longer exists: nothing to tell
        }
    }
}
