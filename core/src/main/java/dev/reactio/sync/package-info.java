/**
 * asyncio's synchronization primitives and queues ({@code Lock}, {@code Event},
 * {@code Condition}, {@code Semaphore}, {@code BoundedSemaphore}, {@code Barrier}, {@code Queue},
 * {@code PriorityQueue}, {@code LifoQueue}), made safe to use from any thread: every primitive is
 * thread-safe, FIFO-fair and cancellation-safe, and no operation blocks a thread.
 */
@NullMarked
package dev.reactio.sync;

import org.jspecify.annotations.NullMarked;
