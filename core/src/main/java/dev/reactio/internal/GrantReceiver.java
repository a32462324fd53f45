package dev.reactio.internal;

/**
 * A subscriber of Reactio's own that can say what became of a grant (a lock, a permit, a queue
 * item, a put) that a primitive signalled to it. Reactive Streams has no acknowledgement: a
 * subscriber that was cancelled while the signal was on its way may silently drop it, and a
 * primitive cannot tell that from a grant that was used. Reactio's operators ({@code Aio.waitFor},
 * {@code Task}, {@code Aio.run}, {@code Aio.gather}, {@code withLock}) know, and answer here
 * exactly; the primitive hands an unused grant on (kotlinx.coroutines' {@code tryResume}
 * returning null plays the same part). For other subscribers see {@link Grants}.
 */
public interface GrantReceiver {

    /**
     * Whether the grant just signalled to this subscriber went unused, so that the primitive must
     * hand it on. Asked once right after the signal ({@code lateCancel == false}) and again if
     * this subscriber cancels its subscription afterwards ({@code lateCancel == true}); the
     * primitive hands the grant on at most once.
     *
     * @param lateCancel whether this subscriber has cancelled after the signal
     * @param valueless whether the grant was a completion without a value (a lock, a permit, a
     *     put), rather than an item
     * @return {@code true} if the grant was dropped or is held by an operation that was cancelled
     *     or failed before it could use it
     */
    boolean grantUnused(boolean lateCancel, boolean valueless);

    /**
     * Called just before a grant becomes final for this subscriber (before a waiting put stores
     * its item): claims the right to receive it, so that this subscriber will not drop it.
     *
     * @return {@code false} if this subscriber has already timed out or been cancelled; the
     *     primitive then keeps the grant, as if the subscriber had cancelled first
     */
    default boolean claimGrant() {
        return true;
    }
}
