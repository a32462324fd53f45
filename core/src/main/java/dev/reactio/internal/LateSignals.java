package dev.reactio.internal;

/**
 * A subscriber that can say it dropped a value or completion because it had been cancelled
 * while the signal was on its way. Reactio's primitives ask it right after signalling a grant
 * (a lock, a permit, a queue item): if it was dropped, they hand the grant on instead of losing
 * it. {@code Task} implements it, so a task cancelled while its {@code acquire()} is being served
 * never leaks the lock.
 */
public interface LateSignals {

    /**
     * Whether a value or completion was dropped because this subscriber had been cancelled.
     *
     * @return {@code true} once such a signal was dropped
     */
    boolean droppedAfterCancel();
}
