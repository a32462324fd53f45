package dev.reactio.samples.sync;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.sync.AsyncQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async locks and synchronization primitives &gt; Queue" (异步锁和同步原语 &gt; Queue):
 * a producer and a slower consumer share a queue of at most three items.
 * <pre>{@code
 * async def producer(queue):
 *     for i in range(5):
 *         await asyncio.sleep(0.5)
 *         item = f"item-{i}"
 *         await queue.put(item)
 *         print(f"Produced {item}")
 *     await queue.put("DONE")
 *
 * async def consumer(queue):
 *     while True:
 *         item = await queue.get()
 *         if item == "DONE":
 *             queue.task_done()
 *             break
 *         await asyncio.sleep(1)
 *         print(f"Consumed {item}")
 *         queue.task_done()
 *
 * async def main():
 *     queue = asyncio.Queue(maxsize=3)
 *     await asyncio.gather(producer(queue), consumer(queue))
 * }</pre>
 * The producer makes an item every half second, the consumer takes a second per item, so the
 * queue fills up and {@code put} starts waiting for room.
 */
public final class QueueSample {

    private QueueSample() {}

    static Mono<Void> producer(SampleContext ctx, AsyncQueue<String> queue) {
        return Flux.range(0, 5)
                .concatMap(i -> Aio.sleep(ctx.seconds(0.5)).then(Mono.defer(() -> {
                    String item = "item-" + i;
                    return queue.put(item).doOnSuccess(v -> ctx.print("Produced " + item));
                })))
                .then(queue.put("DONE"));
    }

    static Mono<Void> consumer(SampleContext ctx, AsyncQueue<String> queue) {
        // while True: one get per round, until the DONE marker
        return queue.get().flatMap(item -> {
            if (item.equals("DONE")) {
                queue.taskDone();
                return Mono.<Void>empty();
            }
            return Aio.sleep(ctx.seconds(1))
                    .then(Mono.fromRunnable(() -> {
                        ctx.print("Consumed " + item);
                        queue.taskDone();
                    }))
                    .then(Mono.defer(() -> consumer(ctx, queue)));
        });
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when everything was produced and consumed
     */
    public static Mono<Void> main(SampleContext ctx) {
        AsyncQueue<String> queue = new AsyncQueue<>(3);
        return Aio.gather(producer(ctx, queue), consumer(ctx, queue)).then();
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
