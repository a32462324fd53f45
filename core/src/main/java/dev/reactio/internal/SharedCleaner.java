package dev.reactio.internal;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of the whole library (core, streams, http): one daemon thread for
 * Reactio, however many modules use it, started lazily on the first registration.
 * <p>Cleaning actions must be quick and must not block: they all share this thread.
 */
public final class SharedCleaner {

    private SharedCleaner() {}

    /**
     * Registers {@code action} to run once {@code object} becomes phantom reachable.
     *
     * @param object the object to watch; {@code action} must not refer to it
     * @param action what to run, at most once
     * @return the cleanable, to run the action early
     */
    public static Cleaner.Cleanable register(Object object, Runnable action) {
        return Holder.CLEANER.register(object, action);
    }

    private static final class Holder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "reactio-cleaner");
            t.setDaemon(true);
            return t;
        });
    }
}
