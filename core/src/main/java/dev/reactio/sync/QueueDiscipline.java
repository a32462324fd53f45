package dev.reactio.sync;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * The one thing FIFO, LIFO and priority queues do differently: the order items leave in, and the
 * collection that keeps them in that order (asyncio's {@code _init}/{@code _put}/{@code _get},
 * which {@code LifoQueue} and {@code PriorityQueue} override). {@link AsyncQueue} holds one and
 * does everything else itself. Not threadsafe: guarded by the owning queue's monitor.
 *
 * @param <T> the item type
 */
interface QueueDiscipline<T> {

    void offer(T item);

    @Nullable
    T poll();

    /** Puts back an item that a cancelled getter was given, so it is the next one out. */
    void giveBack(T item);

    /** Removes this very item (by identity), if it is still stored. */
    boolean removeExact(T item);

    int size();

    void clear();

    static <T> QueueDiscipline<T> fifo() {
        return new OfDeque<>(false);
    }

    static <T> QueueDiscipline<T> lifo() {
        return new OfDeque<>(true);
    }

    /** FIFO and LIFO: one deque, differing only in which end an item goes in. */
    final class OfDeque<T> implements QueueDiscipline<T> {
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final boolean lifo;

        OfDeque(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        public void offer(T item) {
            if (lifo) {
                items.addFirst(item);
            } else {
                items.addLast(item);
            }
        }

        @Override
        public @Nullable T poll() {
            return items.pollFirst();
        }

        @Override
        public void giveBack(T item) {
            items.addFirst(item);
        }

        @Override
        public boolean removeExact(T item) {
            return QueueDiscipline.removeExact(items, item);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public void clear() {
            items.clear();
        }
    }

    static <T> QueueDiscipline<T> priority(@Nullable Comparator<? super T> comparator) {
        return new QueueDiscipline<>() {
            private final PriorityQueue<T> items = new PriorityQueue<>(comparator);

            @Override
            public void offer(T item) {
                items.offer(item);
            }

            @Override
            public @Nullable T poll() {
                return items.poll();
            }

            @Override
            public void giveBack(T item) {
                items.offer(item);
            }

            @Override
            public boolean removeExact(T item) {
                return QueueDiscipline.removeExact(items, item);
            }

            @Override
            public int size() {
                return items.size();
            }

            @Override
            public void clear() {
                items.clear();
            }
        };
    }

    private static <T> boolean removeExact(java.util.Collection<T> items, T item) {
        for (var it = items.iterator(); it.hasNext(); ) {
            if (it.next() == item) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
