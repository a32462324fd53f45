package dev.reactio.internal;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Scannable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * asyncio's debug mode on Reactor, switched on and off globally (so it also covers work that
 * no {@code Aio.run} started, e.g. a WebFlux handler):
 * <ol>
 * <li>blocking calls on non-blocking threads are reported by BlockHound, if it is on the
 *     classpath ({@link BlockHoundSupport});</li>
 * <li>every task run by a Reactor {@code Scheduler} on a non-blocking thread is timed, and one
 *     that held the thread at least the slow-callback duration is logged at WARN, as asyncio
 *     logs "Executing &lt;Handle&gt; took 0.150 seconds";</li>
 * <li>Reactor's assembly tracebacks ({@code Hooks.onOperatorDebug()}).</li>
 * </ol>
 * <p>{@link #disable()} removes only what {@link #enable} installed: the schedule hook under its
 * own key, and the assembly tracebacks only if they were off before (Reactor has one global
 * switch for them, with no key; if the application had switched them on, they stay on).
 */
public final class Debug {

    /** The SLF4J logger that slow-callback warnings go to. */
    public static final String LOGGER_NAME = "dev.reactio.debug";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    /** Guards enabling and disabling; private, unlike the class's own monitor. */
    private static final Object LOCK = new Object();

    private static final String HOOK_KEY = "dev.reactio.debug";

    /** Guarded by {@code LOCK} for writes; read anywhere. */
    private static volatile boolean enabled;
    /** Whether {@link #enable} switched assembly tracebacks on (they were off); guarded by {@code LOCK}. */
    private static boolean installedTraces;

    private static volatile long slowNanos = Duration.ofMillis(100).toNanos();
    /** Replaced only by tests, to time work without real sleeps. */
    private static volatile LongSupplier clock = System::nanoTime;

    private Debug() {}

    /**
     * Switches debug mode on (again), with a new slow-callback threshold.
     *
     * @param slowCallbackDuration the threshold for the slow-callback warning
     */
    public static void enable(Duration slowCallbackDuration) {
        synchronized (LOCK) {
            slowNanos = slowCallbackDuration.toNanos();
            if (enabled) {
                return;
            }
            enabled = true;
            installedTraces = !assemblyTracesOn();
            if (installedTraces) {
                Hooks.onOperatorDebug();
            }
            Schedulers.onScheduleHook(HOOK_KEY, Debug::timed);
            BlockHoundSupport.install();
        }
    }

    /** Switches debug mode off. BlockHound stays installed but stops reporting. */
    public static void disable() {
        synchronized (LOCK) {
            if (!enabled) {
                return;
            }
            enabled = false;
            if (installedTraces) {
                installedTraces = false;
                Hooks.resetOnOperatorDebug();
            }
            Schedulers.resetOnScheduleHook(HOOK_KEY);
        }
    }

    /**
     * Whether debug mode is on.
     *
     * @return {@code true} between {@link #enable} and {@link #disable}
     */
    public static boolean isEnabled() {
        return enabled;
    }

    /**
     * Replaces the clock used to time scheduled work (tests only).
     *
     * @param nanoClock a {@code System.nanoTime}-like clock
     * @return the previous clock
     */
    public static LongSupplier useClock(LongSupplier nanoClock) {
        LongSupplier previous = clock;
        clock = nanoClock;
        return previous;
    }

    /**
     * Whether {@code Hooks.onOperatorDebug()} is in effect, which Reactor does not expose: an
     * operator assembled under it carries its assembly site ({@code ACTUAL_METADATA}).
     */
    static boolean assemblyTracesOn() {
        Object probe = Mono.never().hide();
        return Scannable.from(probe).scanOrDefault(Scannable.Attr.ACTUAL_METADATA, false);
    }

    private static Runnable timed(Runnable task) {
        return () -> {
            if (!enabled || !Schedulers.isInNonBlockingThread()) {
                task.run();
                return;
            }
            LongSupplier c = clock;
            long start = c.getAsLong();
            try {
                task.run();
            } finally {
                long elapsed = c.getAsLong() - start;
                if (elapsed >= slowNanos) {
                    LOG.warn(
                            "Executing {} took {} seconds on non-blocking thread '{}': move blocking or "
                                    + "CPU-heavy work to Aio.toThread or Schedulers.boundedElastic()",
                            task,
                            String.format("%.3f", elapsed / 1e9),
                            Thread.currentThread().getName());
                }
            }
        };
    }
}
