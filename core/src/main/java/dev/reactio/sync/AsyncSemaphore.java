package dev.reactio.sync;

import dev.reactio.internal.Assembly;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A counting semaphore: Reactio's {@code asyncio.Semaphore}. It limits how many callers hold a
 * permit at once; {@link #withPermit(Mono)} is {@code async with semaphore:}.
 *
 * <pre>{@code
 * AsyncSemaphore semaphore = new AsyncSemaphore(3); // at most 3 at a time
 * Mono<Void> worker(int id) {
 *     return semaphore.withPermit(Mono.defer(() -> {
 *         System.out.println("Worker " + id + " acquired");
 *         return Aio.sleep(Duration.ofSeconds(2));
 *     }));
 * }
 * }</pre>
 *
 * <ul>
 * <li><b>Thread safety:</b> this class is threadsafe; every method may be called from any thread.</li>
 * <li><b>Fairness:</b> FIFO. A released permit goes straight to the longest waiter, so a new
 *     {@code acquire()} never overtakes a waiting one.</li>
 * <li><b>Cancellation:</b> an acquirer cancelled while waiting takes nothing; one cancelled after
 *     it was granted a permit but before it heard of it passes the permit on. Nothing leaks.</li>
 * <li><b>Visibility:</b> a {@code release()} happens-before the acquire it lets through.</li>
 * <li><b>Reentrancy:</b> none: permits are not owned (as in asyncio).</li>
 * </ul>
 * No operation blocks a thread, and waking 100 000 queued waiters does not grow the stack.
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
 * <p>Sealed: {@link AsyncBoundedSemaphore} is its only subclass.
 *
 * @see AsyncBoundedSemaphore
 * @see AsyncLock
 */
public sealed class AsyncSemaphore permits AsyncBoundedSemaphore {

    private final PermitQueue permits;
    /** Allocated once: {@code withPermit} is a hot path (a method reference per call is 16 B). */
    private final Runnable releaser = this::release;

    /**
     * Creates a semaphore: {@code asyncio.Semaphore(value)}.
     *
     * @param permits the initial number of permits; zero or more
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public AsyncSemaphore(int permits) {
        if (permits < 0) {
            // getClass(): an AsyncBoundedSemaphore(-1) names itself
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " needs zero or more permits, but got " + permits);
        }
        this.permits = new PermitQueue(permits);
    }

    /**
     * Takes a permit, waiting for one if none is free: {@code await semaphore.acquire()}.
     * <p>Nothing happens until subscribed. Completes at once when a permit is free and nobody
     * waits; otherwise queues the subscriber. Cancelling while waiting leaves the queue taking
     * nothing; once the {@code Mono} completed, the permit is the subscriber's to
     * {@link #release()}.
     *
     * @return a cold {@code Mono} that completes holding a permit
     */
    public Mono<Void> acquire() {
        return permits.acquire();
    }

    /**
     * Returns a permit, waking the longest waiter if any: {@code semaphore.release()}.
     */
    public void release() {
        permits.release(
                Integer.MAX_VALUE,
                free -> new IllegalStateException("AsyncSemaphore cannot hold more than Integer.MAX_VALUE ("
                        + Integer.MAX_VALUE + ") free permits: release() was called more often than acquire()"));
    }

    /**
     * Tells whether an {@code acquire()} now would wait: {@code semaphore.locked()}.
     *
     * @return {@code true} if no permit is free or somebody is already waiting
     */
    public boolean locked() {
        return permits.locked();
    }

    /**
     * The number of free permits.
     *
     * @return free permits; 0 while all are held
     */
    public int availablePermits() {
        return permits.availablePermits();
    }

    /**
     * Runs {@code body} while holding a permit, releasing it however {@code body} ends:
     * {@code async with semaphore:}.
     * <p>Nothing happens until subscribed; then a permit is acquired and {@code body} subscribed.
     * Cancelling while waiting removes this waiter; cancelling after the permit was granted
     * cancels {@code body} and releases the permit once the body has stopped: its cleanup
     * ({@code doOnCancel}, {@code doFinally}) has run and, if it was still starting or running
     * synchronously on another thread, its {@code subscribe} has returned (asyncio's
     * {@code async with} runs the body's {@code finally} first). Work the body handed to
     * another scheduler ({@code subscribeOn}) is not waited for, as asyncio does not wait for
     * {@code to_thread}.
     *
     * @param body the work to run under the permit
     * @param <T> the body's value type
     * @return a cold {@code Mono} with {@code body}'s outcome
     */
    public <T> Mono<T> withPermit(Mono<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return Assembly.MONO.apply(new WithPermit<>(permits, releaser, body));
    }

    /**
     * Runs a body of many values while holding a permit, releasing it however the body ends:
     * {@code async with semaphore:} around an {@code async for} over an async generator.
     * <p>Nothing happens until subscribed; then a permit is acquired and {@code body}
     * subscribed. The permit is held until {@code body} completes, fails or is cancelled, not
     * just until its first value; requests and cancel go to {@code body}, so a slow subscriber
     * holds the permit for as long as it takes to consume. Cancelling while waiting removes this
     * waiter; cancelling after the permit was granted cancels {@code body} and releases the
     * permit once the body has stopped, as {@link #withPermit(Mono)} does. A {@code Mono} argument
     * picks {@link #withPermit(Mono)}.
     * <pre>{@code
     * Flux<String> pages = semaphore.withPermit(Flux.range(1, 3)
     *         .concatMap(i -> Aio.sleep(Duration.ofMillis(10), "page " + i)));
     * }</pre>
     *
     * @param body the values to produce under the permit
     * @param <T> the body's value type
     * @return a cold {@code Flux} with {@code body}'s values and outcome
     */
    public <T> Flux<T> withPermit(Publisher<T> body) {
        java.util.Objects.requireNonNull(body, "body");
        return Assembly.FLUX.apply(new FluxWithPermit<>(permits, releaser, body));
    }

    /** Release with a bound, for {@link AsyncBoundedSemaphore}. */
    final void releaseBounded(int initial) {
        permits.release(
                initial,
                free -> new IllegalStateException(
                        "AsyncBoundedSemaphore released too many times (initial permits: " + initial + ")"));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[permits=" + availablePermits() + ", locked=" + locked() + "]";
    }
}
