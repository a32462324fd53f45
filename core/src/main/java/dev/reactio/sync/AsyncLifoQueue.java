package dev.reactio.sync;

/**
 * A last-in, first-out queue: Reactio's {@code asyncio.LifoQueue}. The same API and guarantees
 * as {@link AsyncQueue}; {@code get()} returns the most recently put item.
 *
 * @param <T> the item type
 */
public final class AsyncLifoQueue<T> extends AsyncQueue<T> {

    /** Creates an unbounded LIFO queue: {@code asyncio.LifoQueue()}. */
    public AsyncLifoQueue() {
        this(0);
    }

    /**
     * Creates a LIFO queue: {@code asyncio.LifoQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or less for unbounded
     */
    public AsyncLifoQueue(int maxsize) {
        super(maxsize, QueueDiscipline.lifo());
    }
}
