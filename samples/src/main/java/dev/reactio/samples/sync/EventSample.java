package dev.reactio.samples.sync;

import dev.reactio.Aio;
import dev.reactio.samples.SampleContext;
import dev.reactio.sync.AsyncEvent;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async locks and synchronization primitives &gt; Event" (异步锁和同步原语 &gt; Event):
 * two waiters wake up together when a setter sets the event.
 * <pre>{@code
 * event = asyncio.Event()
 *
 * async def waiter(name):
 *     print(f"{name} waiting")
 *     await event.wait()
 *     print(f"{name} got event")
 *
 * async def setter():
 *     await asyncio.sleep(2)
 *     print("Setting event")
 *     event.set()
 *
 * async def main():
 *     await asyncio.gather(waiter("A"), waiter("B"), setter())
 * }</pre>
 * <p>Prints:
 * <pre>
 * A waiting
 * B waiting
 * Setting event
 * A got event
 * B got event
 * </pre>
 */
public final class EventSample {

    private EventSample() {}

    static Mono<Void> waiter(SampleContext ctx, AsyncEvent event, String name) {
        return Mono.defer(() -> {
            ctx.print(name + " waiting");
            return event.await().doOnSuccess(v -> ctx.print(name + " got event"));
        });
    }

    static Mono<Void> setter(SampleContext ctx, AsyncEvent event) {
        return Aio.sleep(ctx.seconds(2)).then(Mono.fromRunnable(() -> {
            ctx.print("Setting event");
            event.set();
        }));
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes when both waiters got the event
     */
    public static Mono<Void> main(SampleContext ctx) {
        AsyncEvent event = new AsyncEvent();
        return Aio.gather(waiter(ctx, event, "A"), waiter(ctx, event, "B"), setter(ctx, event))
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
