// The kotlinx.coroutines side of the sync benchmarks, written as ordinary Kotlin coroutines
// (compiled by kotlin-maven-plugin, called from the Java JMH classes in this package).
// Every function runs its coroutines on one thread, the calling one: runBlocking's event loop,
// or, for the event shape, the benchmark's own EventLoop, so that setting up the waiters stays
// outside the measured part. See the Java classes for the workloads and the commands.
package dev.reactio.benchmarks.sync

import java.util.concurrent.Executor
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.sync.withPermit
import kotlinx.coroutines.yield

object Kotlinx {

    /**
     * `workers` coroutines, each doing `opsPerWorker` times `mutex.withLock { counter++ }`,
     * with a `yield()` inside the critical section when `yieldInside`; on runBlocking's loop.
     *
     * @return the counter, `workers * opsPerWorker` when the mutex did its job
     */
    @JvmStatic
    fun mutexWorkers(workers: Int, opsPerWorker: Int, yieldInside: Boolean): Long {
        val mutex = Mutex()
        var counter = 0L
        runBlocking {
            repeat(workers) {
                launch {
                    repeat(opsPerWorker) {
                        mutex.withLock {
                            counter++
                            if (yieldInside) yield()
                        }
                    }
                }
            }
        }
        return counter
    }

    /** The same with `Semaphore(permits).withPermit { counter++ }`. */
    @JvmStatic
    fun semaphoreWorkers(permits: Int, workers: Int, opsPerWorker: Int, yieldInside: Boolean): Long {
        val semaphore = Semaphore(permits)
        var counter = 0L
        runBlocking {
            repeat(workers) {
                launch {
                    repeat(opsPerWorker) {
                        semaphore.withPermit {
                            counter++
                            if (yieldInside) yield()
                        }
                    }
                }
            }
        }
        return counter
    }

    /**
     * One producer coroutine sends every item into a `Channel(capacity)`, one consumer
     * coroutine receives as many; on runBlocking's loop.
     *
     * @param capacity 3, or `Channel.UNLIMITED` (Int.MAX_VALUE)
     * @return the sum of the received items
     */
    @JvmStatic
    fun channel(capacity: Int, items: Array<Int>): Long {
        val channel = Channel<Int>(capacity)
        var sum = 0L
        runBlocking {
            launch {
                for (item in items) channel.send(item)
            }
            launch {
                repeat(items.size) { sum += channel.receive() }
            }
        }
        return sum
    }
}

/**
 * `n` coroutines waiting on one `CompletableDeferred<Unit>`, dispatched on `loop` (the
 * benchmark's EventLoop, drained by the Java side on the benchmark thread).
 */
class KotlinxEvent(loop: Executor) {
    private val scope = CoroutineScope(loop.asCoroutineDispatcher() + Job())
    private var deferred = CompletableDeferred<Unit>()

    /** Waiters that have resumed after [set]. */
    var resumed = 0
        private set

    /** Launches `n` waiters; the caller then drains the loop, and each suspends in `await()`. */
    fun prepare(n: Int) {
        val d = CompletableDeferred<Unit>()
        deferred = d
        resumed = 0
        repeat(n) {
            scope.launch {
                d.await()
                resumed++
            }
        }
    }

    /** Completes the deferred; the caller then drains the loop, which resumes every waiter. */
    fun set() {
        deferred.complete(Unit)
    }

    fun close() {
        scope.cancel()
    }
}
