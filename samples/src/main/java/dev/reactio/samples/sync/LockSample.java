package dev.reactio.samples.sync;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.sync.AsyncLock;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async locks and synchronization primitives &gt; Lock" (异步锁和同步原语 &gt; Lock):
 * three workers take turns holding one lock.
 * <pre>{@code
 * lock = asyncio.Lock()
 *
 * async def worker(name):
 *     async with lock:
 *         print(f"{name} acquired lock")
 *         await asyncio.sleep(1)
 *         print(f"{name} released lock")
 *
 * async def main():
 *     await asyncio.gather(worker("A"), worker("B"), worker("C"))
 * }</pre>
 * <p>Prints, one second apart:
 * <pre>
 * A acquired lock
 * A released lock
 * B acquired lock
 * B released lock
 * C acquired lock
 * C released lock
 * </pre>
 */
public final class LockSample {

    private LockSample() {}

    static Mono<Void> worker(SampleContext ctx, AsyncLock lock, String name) {
        // async with lock: released however the body ends
        return lock.withLock(Mono.defer(() -> {
            ctx.print(name + " acquired lock");
            return Aio.sleep(ctx.seconds(1)).doOnSuccess(v -> ctx.print(name + " released lock"));
        }));
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when all three workers are done
     */
    public static Mono<Void> main(SampleContext ctx) {
        AsyncLock lock = new AsyncLock();
        return Aio.gather(worker(ctx, lock, "A"), worker(ctx, lock, "B"), worker(ctx, lock, "C"))
                .then();
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
