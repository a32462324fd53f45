package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
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
 * take it, whatever cancelled the waiter. That is exact for Reactio's own operators
 * ({@code withLock}/{@code withPermit}, {@code Aio.waitFor}, {@code Aio.run},
 * {@code Aio.gather}, a {@link dev.reactio.Task} awaiting it: asyncio's own model) and, among
 * Reactor's, for {@code timeout}, {@code block(Duration)}, {@code then}, {@code zip}/{@code when}
 * with a failing sibling and a disposed {@code subscribe(...)}: they mark themselves cancelled
 * before they cancel upstream and drop what arrives in between, and the primitive then hands the
 * grant on. Other subscribers keep what they were told, as Reactive Streams (§1.6, §3.7) has it:
 * {@code take(Duration)} cancels upstream even after it passed a signal on, and can lose an item
 * that arrives exactly as its timer fires; prefer {@code Aio.waitFor}.
 *
 * @see AsyncCondition
 */
public final class AsyncLock {

    private final PermitQueue permit = new PermitQueue(1);
    /** Allocated once: {@code withLock} is a hot path (a method reference per call is 16 B). */
    private final Runnable releaser = this::release;

    /** Creates an unlocked lock: {@code asyncio.Lock()}. */
    public AsyncLock() {}

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
     * cancelling after the lock was granted cancels {@code body} and releases the lock once the
     * body has stopped: its cleanup ({@code doOnCancel}, {@code doFinally}) has run and, if it
     * was still starting or running synchronously on another thread, its {@code subscribe}
     * has returned (asyncio's {@code async with} runs the body's {@code finally} first). Work
     * the body handed to another scheduler ({@code subscribeOn}) is not waited for, as asyncio
     * does not wait for {@code to_thread}.
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
        return Assembly.MONO.apply(new WithPermit<>(permit, releaser, body));
    }

    /**
     * Runs a body of many values while holding this lock, releasing it however the body ends:
     * {@code async with lock:} around an {@code async for} over an async generator.
     * <p>Nothing happens until subscribed. The lock is held until {@code body} completes, fails
     * or is cancelled, not just until its first value; requests and cancel go to {@code body}.
     * Cancelling while waiting removes this waiter; cancelling after the lock was granted
     * cancels {@code body} and releases the lock once the body has stopped, as
     * {@link #withLock(Mono)} does. A {@code Mono} argument picks {@link #withLock(Mono)}.
     * <pre>{@code
     * Flux<Integer> batch = lock.withLock(Flux.range(1, 3).doOnNext(log::add));
     * }</pre>
     *
     * @param body the values to produce under the lock
     * @param <T> the body's value type
     * @return a cold {@code Flux} with {@code body}'s values and outcome
     */
    public <T> Flux<T> withLock(Publisher<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return Assembly.FLUX.apply(new FluxWithPermit<>(permit, releaser, body));
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
