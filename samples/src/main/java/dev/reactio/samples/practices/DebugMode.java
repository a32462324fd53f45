package dev.reactio.samples.practices;

import dev.reactio.Aio;
import dev.reactio.RunOptions;
import dev.reactio.samples.JvmFlags;
import dev.reactio.samples.SampleContext;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tutorial section "Async best practices &gt; Debugging async code" (异步最佳实践 &gt; 调试异步代码),
 * "enable debug mode" (启用调试模式): with debug mode on, a blocking call on an event-loop
 * thread is reported instead of silently stalling every coroutine on that thread.
 * <pre>{@code
 * # Enable debug mode
 * asyncio.run(main(), debug=True)
 * }</pre>
 * {@code debug=True} is {@link RunOptions#debug()}. Reactio's debug mode reports blocking calls
 * with BlockHound (an optional dependency, present here), which on Java 13+ needs the JVM flag
 * {@value JvmFlags#BLOCKHOUND_FLAG}, and on Java 21+ also {@value JvmFlags#DYNAMIC_AGENT_FLAG}
 * (without it the JVM warns that an agent was loaded dynamically):
 * <pre>
 * java -XX:+AllowRedefinitionToAddDeleteMethods -XX:+EnableDynamicAgentLoading -jar samples/target/reactio-samples.jar debug-mode
 * </pre>
 * Only this sample needs the flags, so {@code all} runs without them: the sample then says how to
 * enable the check and runs {@code asyncio.run(main())} alone (with debug mode on, BlockHound's
 * failed installation would only add warnings). Debug mode also logs (on stderr) work that held a
 * non-blocking thread for 100 ms or more ({@code loop.slow_callback_duration}), as asyncio logs
 * a slow callback; that warning is written once the work has finished, so it can be lost when
 * the JVM exits right after {@code Aio.run} returns.
 * <p>Prints, with the flag:
 * <pre>
 * asyncio.run(main()):
 * Thread.sleep held a non-blocking thread and nobody noticed
 * asyncio.run(main(), debug=True):
 * Debug mode reported: Blocking call! java.lang.Thread.sleep
 * </pre>
 */
public final class DebugMode {

    private DebugMode() {}

    /**
     * {@code async def main()} with the mistake the best practices warn about: {@code time.sleep(1)}
     * inside a coroutine, here {@code Thread.sleep} on {@code Schedulers.parallel()}, one of
     * Reactor's non-blocking (event-loop) threads.
     * <p>It returns what happened instead of printing it, so that the blocking call reported is
     * the {@code Thread.sleep} alone.
     *
     * @param ctx how fast time goes
     * @return a cold {@code Mono} with a line saying whether the blocking call was reported
     */
    public static Mono<String> main(SampleContext ctx) {
        return Mono.fromCallable(() -> {
                    ctx.sleepBlocking(1); // ❌ blocks the event-loop thread
                    return "Thread.sleep held a non-blocking thread and nobody noticed";
                })
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(BlockingOperationError.class, e -> Mono.just("Debug mode reported: " + reported(e)));
    }

    /**
     * BlockHound's message, naming the public method: on Java 25 it catches {@code Thread.sleep}
     * in its native helper {@code sleepNanos0} (Java 17: {@code sleep}).
     */
    static String reported(BlockingOperationError e) {
        return String.valueOf(e.getMessage())
                .replaceFirst("java\\.lang\\.Thread\\.sleep\\w+$", "java.lang.Thread.sleep");
    }

    /**
     * Runs {@code main} twice, as {@code asyncio.run(main())} and as
     * {@code asyncio.run(main(), debug=True)}.
     *
     * @param ctx where to print and how fast time goes
     */
    public static void run(SampleContext ctx) {
        run(ctx, !JvmFlags.blockHoundFlagMissing(), JvmFlags.debugModeCommand());
    }

    /**
     * Runs the sample; without the blocking-call check, says how to get it and runs
     * {@code asyncio.run(main())} only.
     *
     * @param ctx where to print and how fast time goes
     * @param checkAvailable whether this JVM has the flags BlockHound needs
     * @param command the command line that runs this sample with the check
     */
    static void run(SampleContext ctx, boolean checkAvailable, String command) {
        if (!checkAvailable) {
            ctx.print("Debug mode's blocking-call check (BlockHound) needs JVM flags that this run does not have,");
            ctx.print("so it is left out here. To see debug mode report the blocking call, run:");
            ctx.print("  " + command);
        }
        ctx.print("asyncio.run(main()):");
        ctx.print(Aio.run(main(ctx)));
        if (!checkAvailable) {
            return; // debug=True without BlockHound would print the same line, after its warnings
        }
        ctx.print("asyncio.run(main(), debug=True):");
        try {
            ctx.print(Aio.run(main(ctx), RunOptions.debug()));
        } catch (RuntimeException | LinkageError e) {
            // Installing BlockHound instruments JDK classes; if that fails the sample says so and goes on.
            ctx.print("Debug mode could not run: " + e);
        }
    }
}
