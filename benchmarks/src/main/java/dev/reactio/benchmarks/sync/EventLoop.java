package dev.reactio.benchmarks.sync;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A single-threaded event loop that runs on the thread that created it (the JMH benchmark
 * thread), as asyncio's loop and kotlinx's {@code runBlocking} run on the calling thread: a FIFO
 * of ready tasks and nothing else. {@link #scheduler()} puts Reactor work on it, so
 * {@code publishOn(loop.scheduler())} yields to the back of the queue, like
 * {@code await asyncio.sleep(0)} and kotlinx's {@code yield()}.
 * <p>Only the owning thread may use it; anything else is a bug in the benchmark and throws.
 */
final class EventLoop implements Executor {

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final Thread owner = Thread.currentThread();
    private final Scheduler scheduler = Schedulers.fromExecutor(this);

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("EventLoop of " + owner.getName() + " used from "
                    + Thread.currentThread().getName());
        }
        ready.add(task);
    }

    /** A Reactor {@code Scheduler} whose tasks run on this loop. */
    Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Runs ready tasks, including those they queue, until none is left.
     *
     * @return how many tasks ran
     */
    long drain() {
        long n = 0;
        for (Runnable task; (task = ready.poll()) != null; ) {
            task.run();
            n++;
        }
        return n;
    }

    /**
     * Subscribes {@code main} and runs tasks until it terminates, like {@code loop.run_until_complete}.
     *
     * @param main the work
     * @throws IllegalStateException if {@code main} failed, or nothing is left to run while it is pending
     */
    void run(Mono<?> main) {
        Done done = new Done();
        main.subscribe(done);
        while (!done.done) {
            Runnable task = ready.poll();
            if (task == null) {
                throw new IllegalStateException("main is pending but the loop has nothing left to run");
            }
            task.run();
        }
        Throwable error = done.error;
        if (error != null) {
            throw new IllegalStateException("main failed", error);
        }
    }

    private static final class Done implements CoreSubscriber<Object> {
        boolean done;

        @Nullable
        Throwable error;

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object value) {}

        @Override
        public void onError(Throwable e) {
            error = e;
            done = true;
        }

        @Override
        public void onComplete() {
            done = true;
        }
    }
}
