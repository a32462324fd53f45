package dev.reactio.sync;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.jspecify.annotations.Nullable;

/**
 * Where a queue keeps its items: the one thing FIFO, LIFO and priority queues do differently
 * (asyncio's {@code _put}/{@code _get}). Not threadsafe: guarded by the owning queue's monitor.
 *
 * @param <T> the item type
 */
interface Store<T> {

    void offer(T item);

    @Nullable T poll();

    /** Puts back an item that a cancelled getter was given, so it is the next one out. */
    void giveBack(T item);

    /** Removes this very item (by identity), if it is still stored. */
    boolean removeExact(T item);

    int size();

    void clear();

    static <T> Store<T> fifo() {
        return new Store<>() {
            private final ArrayDeque<T> items = new ArrayDeque<>();

            @Override public void offer(T item) { items.addLast(item); }
            @Override public @Nullable T poll() { return items.pollFirst(); }
            @Override public void giveBack(T item) { items.addFirst(item); }
            @Override public boolean removeExact(T item) { return Store.removeExact(items, item); }
            @Override public int size() { return items.size(); }
            @Override public void clear() { items.clear(); }
        };
    }

    static <T> Store<T> lifo() {
        return new Store<>() {
            private final ArrayDeque<T> items = new ArrayDeque<>();

            @Override public void offer(T item) { items.addFirst(item); }
            @Override public @Nullable T poll() { return items.pollFirst(); }
            @Override public void giveBack(T item) { items.addFirst(item); }
            @Override public boolean removeExact(T item) { return Store.removeExact(items, item); }
            @Override public int size() { return items.size(); }
            @Override public void clear() { items.clear(); }
        };
    }

    static <T> Store<T> priority(@Nullable Comparator<? super T> comparator) {
        return new Store<>() {
            private final PriorityQueue<T> items = new PriorityQueue<>(comparator);

            @Override public void offer(T item) { items.offer(item); }
            @Override public @Nullable T poll() { return items.poll(); }
            @Override public void giveBack(T item) { items.offer(item); }
            @Override public boolean removeExact(T item) { return Store.removeExact(items, item); }
            @Override public int size() { return items.size(); }
            @Override public void clear() { items.clear(); }
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
