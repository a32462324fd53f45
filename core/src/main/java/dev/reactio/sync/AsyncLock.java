package dev.reactio.sync;

import reactor.core.publisher.Mono;

/**
 * A mutual-exclusion lock: Reactio's {@code asyncio.Lock}. {@link #withLock(Mono)} is
 * {@code async with lock:}.
 *
 * <pre>{@code
 * AsyncLock lock = new AsyncLock();
 * Mono<Void> worker(String name) {
 *     return lock.withLock(Mono.defer(() -> {
 *         System.out.println(name + " acquired lock");
 *         return Aio.sleep(Duration.ofSeconds(1));
 *     }));
 * }
 * }</pre>
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Fairness:</b> FIFO: {@code release()} hands the lock straight to the longest waiter.</li>
 * <li><b>Cancellation:</b> an acquirer cancelled while waiting takes nothing; one cancelled after
 *     the lock was handed to it but before it heard of it passes the lock on.</li>
 * <li><b>Visibility:</b> everything done before a {@code release()} is visible after the next
 *     successful {@code acquire()}.</li>
 * <li><b>Reentrancy:</b> none, and no owner check (as in asyncio): acquiring twice in one flow
 *     waits forever, and any code may release.</li>
 * </ul>
 *
 * <h2>Who counts as having received a grant</h2>
 * A grant that races the waiter's cancellation is handed on exactly when its subscriber did not
 * get it. That is exact for {@code withLock}/{@code withPermit}, for a {@link dev.reactio.Task}
 * awaiting {@code acquire()}/{@code get()} (asyncio's own model: waiters are tasks), and for
 * Reactor operators that cancel before the signal arrives. A bare
 * {@code acquire().subscribe(...)} whose {@code Disposable} is disposed at the very moment it is
 * served can lose the grant: Reactor's lambda subscriber marks itself disposed before it
 * cancels upstream and then silently drops a completion already on its way, and Reactive
 * Streams forbids the source to treat a later cancel as "not received".
 *
 * @see AsyncCondition
 */
public final class AsyncLock {

    private final PermitQueue permit = new PermitQueue(1);
    /** Allocated once: {@code withLock} is a hot path (a method reference per call is 16 B). */
    private final Runnable releaser = this::release;

    /** Creates an unlocked lock: {@code asyncio.Lock()}. */
    public AsyncLock() {
    }

    /**
     * Acquires the lock, waiting while another holds it: {@code await lock.acquire()}.
     * <p>Nothing happens until subscribed. Cancelling while waiting removes this waiter; once
     * the {@code Mono} completed the lock is held and must be {@link #release() released}.
     *
     * @return a cold {@code Mono} that completes holding the lock
     */
    public Mono<Void> acquire() {
        return permit.acquire();
    }

    /**
     * Releases the lock, handing it to the longest waiter if any: {@code lock.release()}.
     *
     * @throws IllegalStateException if the lock is not locked
     */
    public void release() {
        permit.release(1, free -> new IllegalStateException("AsyncLock is not acquired: release() without acquire()"));
    }

    /**
     * Tells whether the lock is held: {@code lock.locked()}.
     *
     * @return {@code true} while somebody holds the lock
     */
    public boolean locked() {
        return permit.availablePermits() == 0;
    }

    /**
     * Runs {@code body} while holding this lock, releasing it however {@code body} ends:
     * {@code async with lock:}.
     * <p>Nothing happens until subscribed. Cancelling while waiting removes this waiter;
     * cancelling after the lock was granted releases it.
     * <pre>{@code
     * Aio.run(lock.withLock(Mono.fromRunnable(counter::increment)));
     * }</pre>
     *
     * @param body the work to run under the lock
     * @param <T> the body's value type
     * @return a cold {@code Mono} with {@code body}'s result
     */
    public <T> Mono<T> withLock(Mono<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return new WithPermit<>(permit, releaser, body);
    }

    /** The permit queue, for {@link AsyncCondition#withLock(Mono)}. */
    PermitQueue permits() {
        return permit;
    }

    @Override
    public String toString() {
        return "AsyncLock[" + (locked() ? "locked" : "unlocked") + "]";
    }
}
