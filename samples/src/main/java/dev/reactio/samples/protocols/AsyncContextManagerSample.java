package dev.reactio.samples.protocols;

import dev.reactio.Aio;
import dev.reactio.AsyncContextManager;
import dev.reactio.samples.SampleContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Tutorial section "Async context managers" (异步上下文管理器): a resource acquired and
 * released asynchronously around an {@code async with} block.
 * <pre>{@code
 * class AsyncResource:
 *     async def __aenter__(self):
 *         print("Acquiring resource")
 *         await asyncio.sleep(0.5)
 *         return self
 *
 *     async def __aexit__(self, exc_type, exc_val, exc_tb):
 *         print("Releasing resource")
 *         await asyncio.sleep(0.5)
 *
 * async def main():
 *     async with AsyncResource() as resource:
 *         print("Using resource")
 * }</pre>
 * {@code __aenter__}/{@code __aexit__} are {@link AsyncContextManager#enter()} and
 * {@link AsyncContextManager#exit(Throwable)}; {@code async with} is
 * {@link Aio#using(AsyncContextManager, java.util.function.Function)}, which runs {@code exit}
 * exactly once however the block ends (success, error or cancellation).
 * <p>Prints:
 * <pre>
 * Acquiring resource
 * Using resource
 * Releasing resource
 * </pre>
 */
public final class AsyncContextManagerSample {

    private AsyncContextManagerSample() {}

    /** {@code class AsyncResource}: takes half a second to acquire and half a second to release. */
    static final class AsyncResource implements AsyncContextManager<AsyncResource> {

        private final SampleContext ctx;

        AsyncResource(SampleContext ctx) {
            this.ctx = ctx;
        }

        /** {@code __aenter__}. */
        @Override
        public Mono<AsyncResource> enter() {
            return Mono.defer(() -> {
                ctx.print("Acquiring resource");
                return Aio.sleep(ctx.seconds(0.5), this);
            });
        }

        /** {@code __aexit__}; like the tutorial's, it does not look at the error. */
        @Override
        public Mono<Void> exit(@Nullable Throwable errorOrNull) {
            return Mono.defer(() -> {
                ctx.print("Releasing resource");
                return Aio.sleep(ctx.seconds(0.5));
            });
        }
    }

    /**
     * {@code async def main()}: uses the resource inside {@code async with}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that completes after the resource is released
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Aio.using(new AsyncResource(ctx), resource -> Mono.fromRunnable(() -> ctx.print("Using resource")));
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
