package dev.reactio.sync;

/**
 * A semaphore that refuses to be released more often than acquired: Reactio's
 * {@code asyncio.BoundedSemaphore}. Otherwise the same as {@link AsyncSemaphore}.
 */
public final class AsyncBoundedSemaphore extends AsyncSemaphore {

    private final int initial;

    /**
     * Creates a bounded semaphore: {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param permits the initial (and largest) number of free permits; zero or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncBoundedSemaphore(int permits) {
        super(permits);
        this.initial = permits;
    }

    /**
     * Returns a permit, waking the longest waiter if any.
     *
     * @throws IllegalStateException if that would make more permits free than initially
     *     ("AsyncBoundedSemaphore released too many times (initial permits: 3)")
     */
    @Override
    public void release() {
        releaseBounded(initial);
    }
}
