package dev.reactio.sync;

import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A queue that returns the smallest item first: Reactio's {@code asyncio.PriorityQueue}. The
 * same API and guarantees as {@link AsyncQueue}. Items of equal priority come out in no
 * particular order, as with Python's {@code heapq}.
 *
 * @param <T> the item type
 */
public final class AsyncPriorityQueue<T> extends AsyncQueue<T> {

    private final @Nullable Comparator<? super T> comparator;

    /**
     * Creates a priority queue of {@link Comparable} items: {@code asyncio.PriorityQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or less for unbounded
     */
    public AsyncPriorityQueue(int maxsize) {
        super(maxsize, QueueDiscipline.priority(null));
        this.comparator = null;
    }

    /**
     * Creates a priority queue ordered by {@code comparator}.
     *
     * @param maxsize the most items it holds; zero or less for unbounded
     * @param comparator orders the items, smallest first
     */
    public AsyncPriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, QueueDiscipline.priority(Objects.requireNonNull(comparator, "comparator")));
        this.comparator = comparator;
    }

    /**
     * Rejects items that cannot be ordered, at call time rather than inside the queue.
     *
     * @throws IllegalArgumentException if there is no comparator and {@code item} is not {@link Comparable}
     */
    @Override
    void checkItem(T item) {
        super.checkItem(item);
        if (comparator == null && !(item instanceof Comparable)) {
            throw new IllegalArgumentException(
                    "AsyncPriorityQueue without a comparator needs Comparable items, but got "
                            + item.getClass().getName());
        }
    }
}
