package dev.reactio.samples;

import dev.reactio.samples.apps.ChatServerSample;
import dev.reactio.samples.apps.CrawlerSample;
import dev.reactio.samples.basics.CreateTask;
import dev.reactio.samples.basics.Greet;
import dev.reactio.samples.concurrency.GatherSample;
import dev.reactio.samples.concurrency.WaitForSample;
import dev.reactio.samples.concurrency.WaitSample;
import dev.reactio.samples.functions.BlockingVsNonBlocking;
import dev.reactio.samples.functions.RunInExecutorSample;
import dev.reactio.samples.http.HttpGetSample;
import dev.reactio.samples.http.HttpPostSample;
import dev.reactio.samples.practices.BestPractices;
import dev.reactio.samples.practices.ContextPropagationSample;
import dev.reactio.samples.practices.DebugMode;
import dev.reactio.samples.practices.Pitfalls;
import dev.reactio.samples.practices.TaskGroupSample;
import dev.reactio.samples.practices.TaskState;
import dev.reactio.samples.protocols.AsyncContextManagerSample;
import dev.reactio.samples.protocols.AsyncGeneratorSample;
import dev.reactio.samples.protocols.AsyncIteratorSample;
import dev.reactio.samples.streams.EchoServerSample;
import dev.reactio.samples.streams.FilesSample;
import dev.reactio.samples.sync.EventSample;
import dev.reactio.samples.sync.LockSample;
import dev.reactio.samples.sync.QueueSample;
import dev.reactio.samples.sync.SemaphoreSample;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every sample, in the order of the tutorial. Adding a sample means adding one line here (and
 * one row to {@code samples/README.md}).
 */
public final class SampleRegistry {

    private static final List<Sample> ALL = checked(List.of(
            new Sample(
                    "greet",
                    "Coroutine basics > async/await syntax",
                    "A coroutine that prints, sleeps and returns, run with Aio.run",
                    Greet::run),
            new Sample(
                    "create-task",
                    "Coroutine basics > Creating tasks",
                    "Two tasks started with Aio.createTask, then awaited",
                    CreateTask::run),
            new Sample(
                    "gather",
                    "Concurrent execution > gather",
                    "Three coroutines run concurrently with Aio.gather",
                    GatherSample::run),
            new Sample(
                    "wait",
                    "Concurrent execution > wait",
                    "Aio.wait for three tasks, then print each result",
                    WaitSample::run),
            new Sample(
                    "wait-for",
                    "Concurrent execution > wait_for",
                    "Aio.waitFor gives up on a slow operation after a timeout",
                    WaitForSample::run),
            new Sample(
                    "async-generator",
                    "Async generators",
                    "async_range with Aio.generator, consumed one by one and as a list",
                    AsyncGeneratorSample::run),
            new Sample(
                    "async-context-manager",
                    "Async context managers",
                    "async with: an AsyncContextManager run with Aio.using",
                    AsyncContextManagerSample::run),
            new Sample(
                    "async-iterator",
                    "Async iterators",
                    "async for over an AsyncIterator with Aio.iterate",
                    AsyncIteratorSample::run),
            new Sample(
                    "blocking-vs-nonblocking",
                    "Async functions > Blocking vs non-blocking",
                    "A blocking call moved off the event loop with Aio.runInExecutor(null, ...)",
                    BlockingVsNonBlocking::run),
            new Sample(
                    "run-in-executor",
                    "Async functions > run_in_executor",
                    "Blocking I/O on your own thread pool, shut down afterwards",
                    RunInExecutorSample::run),
            new Sample(
                    "files",
                    "Streaming I/O > Reading and writing streams",
                    "aiofiles-style: write a file with AsyncFiles.open, then read it back",
                    FilesSample::run),
            new Sample(
                    "echo-server",
                    "Streaming I/O > Network streams",
                    "The start_server echo server, with a client sending it two messages",
                    EchoServerSample::run),
            new Sample(
                    "lock",
                    "Async locks and synchronization primitives > Lock",
                    "Three workers take turns holding an AsyncLock",
                    LockSample::run),
            new Sample(
                    "event",
                    "Async locks and synchronization primitives > Event",
                    "Two waiters wake together when an AsyncEvent is set",
                    EventSample::run),
            new Sample(
                    "queue",
                    "Async locks and synchronization primitives > Queue",
                    "A producer and a slower consumer share an AsyncQueue(3)",
                    QueueSample::run),
            new Sample(
                    "semaphore",
                    "Async locks and synchronization primitives > Semaphore",
                    "Ten workers, at most three at a time, with AsyncSemaphore(3)",
                    SemaphoreSample::run),
            new Sample(
                    "http-get",
                    "Async HTTP client > aiohttp",
                    "Three GETs at once with ClientSession and Aio.gather; prints each body's length",
                    HttpGetSample::run),
            new Sample(
                    "http-post",
                    "Async HTTP client > Async POST request",
                    "POST {\"key\": \"value\"} as JSON and print httpbin's JSON answer",
                    HttpPostSample::run),
            new Sample(
                    "chat-server",
                    "Async best practices > When to use asyncio (real-time apps)",
                    "A chat server: an AsyncQueue outbox per client, /nick, three scripted clients",
                    ChatServerSample::run),
            new Sample(
                    "crawler",
                    "Async best practices > When to use asyncio (crawlers)",
                    "A crawler: AsyncSemaphore, limitPerHost, a cache of in-flight fetches, a TaskGroup",
                    CrawlerSample::run),
            new Sample(
                    "best-practices",
                    "Async best practices > Best practices",
                    "gather, early createTask, waitFor timeouts and non-blocking sleeps",
                    BestPractices::run),
            new Sample(
                    "debug-mode",
                    "Async best practices > Debugging async code",
                    "Debug mode: BlockHound reports Thread.sleep on a non-blocking thread",
                    DebugMode::run),
            new Sample(
                    "task-state",
                    "Async best practices > Debugging async code",
                    "A task's done(), cancelled() and exception() before and after it runs",
                    TaskState::run),
            new Sample(
                    "task-group",
                    "Async best practices > Debugging async code",
                    "TaskGroup.run waits for its tasks; a failure cancels the others",
                    TaskGroupSample::run),
            new Sample(
                    "pitfalls",
                    "Async best practices > Common pitfalls",
                    "Forgetting to await: a Mono that is never subscribed does nothing",
                    Pitfalls::run),
            new Sample(
                    "context-propagation",
                    "Beyond the tutorial > contextvars",
                    "An MDC request id seen and logged inside every kind of task (context-propagation)",
                    ContextPropagationSample::run)));

    private SampleRegistry() {}

    /**
     * Every sample, in the order of the tutorial.
     *
     * @return an unmodifiable list with unique names
     */
    public static List<Sample> all() {
        return ALL;
    }

    /**
     * The sample with this name.
     *
     * @param name a sample name, as {@code list} prints it
     * @return the sample, or empty if there is none by that name
     */
    public static Optional<Sample> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The names of all samples, in order.
     *
     * @return an unmodifiable list
     */
    public static List<String> names() {
        return ALL.stream().map(Sample::name).toList();
    }

    private static List<Sample> checked(List<Sample> samples) {
        Set<String> seen = new HashSet<>();
        for (Sample s : samples) {
            if (!seen.add(s.name())) {
                throw new IllegalStateException("Two samples are named '" + s.name() + "'");
            }
        }
        return samples;
    }
}
