package dev.reactio.samples.functions;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async functions &gt; run_in_executor" (异步函数 &gt; run_in_executor): run
 * blocking I/O on a thread pool of your own, and shut the pool down afterwards.
 * <pre>{@code
 * from concurrent.futures import ThreadPoolExecutor
 *
 * def blocking_io():
 *     """Simulates blocking I/O"""
 *     import time
 *     time.sleep(2)
 *     return "IO result"
 *
 * async def main():
 *     # Run the blocking I/O in a thread pool
 *     loop = asyncio.get_event_loop()
 *     with ThreadPoolExecutor() as pool:
 *         result = await loop.run_in_executor(
 *             pool,
 *             blocking_io
 *         )
 *         print(result)
 * }</pre>
 * {@code with ThreadPoolExecutor() as pool:} is {@code Mono.using(newThreadPool, body, shutdown)}:
 * the pool is created when {@code main} is subscribed and shut down however the body ends.
 * {@code shutdown()} does not wait like Python's {@code __exit__}, but by then the only job has
 * finished and the idle workers exit.
 * <p>Prints:
 * <pre>
 * IO result
 * </pre>
 */
public final class RunInExecutorSample {

    private RunInExecutorSample() {}

    /**
     * {@code def blocking_io()}: simulates two seconds of blocking I/O.
     *
     * @param ctx how fast time goes
     * @return {@code "IO result"}
     * @throws InterruptedException if interrupted while "reading"
     */
    static String blockingIo(SampleContext ctx) throws InterruptedException {
        ctx.sleepBlocking(2);
        return "IO result";
    }

    /**
     * {@code ThreadPoolExecutor()}, with Python's default size, {@code min(32, cpus + 4)}.
     *
     * @return a new pool whose threads are named {@code ThreadPoolExecutor-N}
     */
    static ThreadPoolExecutor newThreadPool() {
        int workers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> new Thread(r, "ThreadPoolExecutor-" + count.getAndIncrement());
        return new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }

    /**
     * {@code async def main()}: runs {@code blocking_io} on a new pool, then shuts the pool down.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono}; each subscription uses a new pool
     */
    public static Mono<Void> main(SampleContext ctx) {
        return main(ctx, RunInExecutorSample::newThreadPool);
    }

    /**
     * {@link #main(SampleContext)} with the pool from {@code poolFactory}, so tests can check it
     * was shut down.
     */
    static Mono<Void> main(SampleContext ctx, Callable<ThreadPoolExecutor> poolFactory) {
        // with ThreadPoolExecutor() as pool: ... (shutdown on exit)
        return Mono.using(
                poolFactory,
                pool -> Aio.runInExecutor(pool, () -> blockingIo(ctx))
                        .doOnNext(ctx::print)
                        .then(),
                ThreadPoolExecutor::shutdown);
    }

    /**
     * {@code asyncio.run(main())}.
     *
     * @param ctx where to print and how fast time goes
     */
    public static void run(SampleContext ctx) {
        Aio.run(main(ctx));
    }
}
