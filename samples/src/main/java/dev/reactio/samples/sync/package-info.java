/**
 * Tutorial chapter "Async locks and synchronization primitives" (异步锁和同步原语): Lock, Event,
 * Queue and Semaphore.
 */
@NullMarked
package dev.reactio.samples.sync;

import org.jspecify.annotations.NullMarked;
