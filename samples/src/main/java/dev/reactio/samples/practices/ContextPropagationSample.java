package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.Task;
import dev.reactio.TaskGroup;
import dev.reactio.samples.SampleContext;
import io.micrometer.context.ContextRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Beyond the tutorial: {@code contextvars}, the way a WebFlux service carries a request id. In
 * asyncio a {@code ContextVar} set by a request handler is seen by every task it creates, because
 * {@code create_task} copies the current context:
 * <pre>{@code
 * request_id = contextvars.ContextVar("request_id")
 *
 * async def lookup(what):
 *     await asyncio.sleep(0.1)
 *     log.info("looked up %s", what)    # a logging filter adds request_id.get()
 *     return request_id.get()
 *
 * async def handle(rid):
 *     request_id.set(rid)
 *     async with asyncio.TaskGroup() as tg:
 *         user = tg.create_task(lookup("user"))
 *     orders = asyncio.create_task(lookup("orders"))
 *     avatar = await asyncio.to_thread(blocking_lookup, "avatar")
 *     return [user.result(), await orders, avatar]
 *
 * async def main():
 *     print(await asyncio.gather(handle("req-1"), handle("req-2")))
 * }</pre>
 * In Java the {@code ContextVar} is SLF4J's {@link MDC}, registered with Micrometer's
 * context-propagation, and Reactor's automatic context propagation (Spring Boot:
 * {@code spring.reactor.context-propagation=auto}) restores it on every thread; the handler puts
 * the id in the Reactor {@code Context} as a {@code WebFilter} would. Each log line of the
 * {@code logback.xml} logger of this class shows {@code [requestId=...]}.
 * <p>Prints (the lookups of the two requests interleave):
 * <pre>
 * req-1 looked up user
 * req-2 looked up user
 * req-1 looked up orders
 * ...
 * [['req-1', 'req-1', 'req-1'], ['req-2', 'req-2', 'req-2']]
 * </pre>
 */
public final class ContextPropagationSample {

    private static final Logger LOG = LoggerFactory.getLogger(ContextPropagationSample.class);

    /** The MDC key, and the Reactor {@code Context} key that fills it. */
    static final String REQUEST_ID = "requestId";

    private ContextPropagationSample() {}

    /**
     * {@code async def lookup(what)}: sleeps (so it resumes on a timer thread), then logs.
     *
     * @param ctx where to print and how fast time goes
     * @param what what to look up
     * @return a cold {@code Mono} with the request id the lookup saw
     */
    static Mono<String> lookup(SampleContext ctx, String what) {
        return Aio.sleep(ctx.seconds(0.1)).then(Mono.fromCallable(() -> {
            LOG.info("looked up {}", what);
            ctx.print(MDC.get(REQUEST_ID), "looked up", what);
            return MDC.get(REQUEST_ID);
        }));
    }

    /**
     * {@code def blocking_lookup(what)}: runs on a worker thread.
     *
     * @param ctx where to print
     * @param what what to look up
     * @return the request id the worker thread saw
     */
    static String blockingLookup(SampleContext ctx, String what) {
        LOG.info("looked up {} on a worker thread", what);
        ctx.print(MDC.get(REQUEST_ID), "looked up", what);
        return MDC.get(REQUEST_ID);
    }

    /**
     * {@code async def handle(rid)}: one request, with its id in the context.
     *
     * @param ctx where to print and how fast time goes
     * @param rid the request id
     * @return a cold {@code Mono} with what each task saw
     */
    static Mono<List<String>> handle(SampleContext ctx, String rid) {
        return TaskGroup.run(tg -> Mono.just(tg.createTask(lookup(ctx, "user"))))
                .flatMap(user -> {
                    Task<String> orders = Aio.createTask(lookup(ctx, "orders"));
                    return Aio.toThread(() -> blockingLookup(ctx, "avatar"))
                            .flatMap(avatar -> orders.await().map(o -> List.of(user.result(), o, avatar)));
                })
                .contextWrite(Context.of(REQUEST_ID, rid)); // a WebFilter's job in WebFlux
    }

    /**
     * {@code async def main()}.
     *
     * @param ctx where to print and how fast time goes
     * @return a cold {@code Mono} that handles two requests at once
     */
    public static Mono<Void> main(SampleContext ctx) {
        return Aio.gather(handle(ctx, "req-1"), handle(ctx, "req-2"))
                .doOnNext(ctx::print)
                .then();
    }

    /**
     * Registers the MDC with context-propagation and turns automatic propagation on (both are
     * JVM-wide, so both are undone afterwards), then {@code asyncio.run(main())}.
     *
     * @param ctx where to print and how fast time goes
     */
    public static void run(SampleContext ctx) {
        boolean wasOn = Hooks.isAutomaticContextPropagationEnabled();
        ContextRegistry.getInstance()
                .registerThreadLocalAccessor(
                        REQUEST_ID,
                        () -> MDC.get(REQUEST_ID),
                        id -> MDC.put(REQUEST_ID, id),
                        () -> MDC.remove(REQUEST_ID));
        Hooks.enableAutomaticContextPropagation();
        try {
            Aio.run(main(ctx));
        } finally {
            if (!wasOn) {
                Hooks.disableAutomaticContextPropagation();
            }
            ContextRegistry.getInstance().removeThreadLocalAccessor(REQUEST_ID);
        }
    }
}
