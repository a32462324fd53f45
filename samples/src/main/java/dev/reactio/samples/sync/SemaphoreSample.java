package dev.reactio.samples.sync;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.sync.AsyncSemaphore;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async locks and synchronization primitives &gt; Semaphore" (异步锁和同步原语 &gt; 信号量):
 * ten workers, at most three at a time.
 * <pre>{@code
 * semaphore = asyncio.Semaphore(3)  # at most 3 at once
 *
 * async def worker(worker_id):
 *     async with semaphore:
 *         print(f"Worker {worker_id} acquired")
 *         await asyncio.sleep(2)
 *         print(f"Worker {worker_id} released")
 *
 * async def main():
 *     tasks = [worker(i) for i in range(10)]
 *     await asyncio.gather(*tasks)
 * }</pre>
 * Workers run in batches of three, two seconds each: eight seconds in all. A released permit goes
 * straight to the next waiting worker, so "Worker 3 acquired" follows "Worker 0 released" at
 * once, where asyncio prints the three releases first.
 */
public final class SemaphoreSample {

    private SemaphoreSample() {}

    static Mono<Void> worker(SampleContext ctx, AsyncSemaphore semaphore, int id) {
        return semaphore.withPermit(Mono.defer(() -> {
            ctx.print("Worker " + id + " acquired");
            return Aio.sleep(ctx.seconds(2)).doOnSuccess(v -> ctx.print("Worker " + id + " released"));
        }));
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when all ten workers are done
     */
    public static Mono<Void> main(SampleContext ctx) {
        AsyncSemaphore semaphore = new AsyncSemaphore(3);
        List<Mono<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(worker(ctx, semaphore, i));
        }
        return Aio.gather(tasks).then();
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
