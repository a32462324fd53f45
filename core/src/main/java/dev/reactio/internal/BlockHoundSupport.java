package dev.reactio.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Installs BlockHound once, when debug mode is first enabled and BlockHound is on the
 * classpath (it is an optional dependency). BlockHound cannot be uninstalled, so the callback
 * reports only while debug mode is on. Every reference to BlockHound's classes stays inside
 * {@link Installer}, which is loaded only after the classpath check.
 */
final class BlockHoundSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Debug.LOGGER_NAME);

    /** Guarded by {@code BlockHoundSupport.class}. */
    private static boolean attempted;
    /** Guards {@code attempted}; private, unlike the class's own monitor. */
    private static final Object LOCK = new Object();

    private BlockHoundSupport() {}

    static void install() {
        synchronized (LOCK) {
            if (attempted) {
                return;
            }
            attempted = true;
            if (!present()) {
                LOG.info("Reactio debug mode: BlockHound is not on the classpath, so blocking calls on "
                        + "non-blocking threads are not detected (add io.projectreactor.tools:blockhound)");
                return;
            }
            try {
                Installer.install();
            } catch (Throwable e) {
                LOG.warn(
                        "Reactio debug mode: BlockHound could not be installed, so blocking calls are not detected. "
                                + "On Java 13+ start the JVM with -XX:+AllowRedefinitionToAddDeleteMethods. Cause: {}",
                        e.toString());
            }
        }
    }

    private static boolean present() {
        try {
            Class.forName("reactor.blockhound.BlockHound", false, BlockHoundSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final class Installer {
        static void install() {
            BlockHoundIntegration reactio = builder -> {
                // Console output is not what debug mode hunts for (asyncio's allows print()).
                for (String m : new String[] {"print", "println", "printf", "format", "write", "append", "flush"}) {
                    builder.allowBlockingCallsInside("java.io.PrintStream", m);
                }
                builder.blockingMethodCallback(method -> {
                    if (Debug.isEnabled()) {
                        throw new BlockingOperationError(method);
                    }
                });
            };
            // install() also loads the integrations on the classpath (Reactor's, Netty's), which
            // mark their event-loop threads as non-blocking.
            BlockHound.install(reactio);
        }
    }
}
