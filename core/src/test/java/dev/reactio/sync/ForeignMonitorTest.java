package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.TaskGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A user's {@code synchronized (primitive)} must not share the library's monitor: while another
 * thread holds the public object's monitor, its operations still complete.
 */
class ForeignMonitorTest {

    private static final Duration GUARD = Duration.ofSeconds(10);
    /**
     * A new thread per operation: the common pool has one worker on 2 cores, and from Java 25 on
     * CompletableFuture uses it even then, so a blocked Aio.run there would starve the operation.
     */
    private static final Executor OWN_THREAD = task -> new Thread(task, "foreign-monitor-test").start();

    /** Runs {@code operation} on its own thread while another thread holds {@code target}'s monitor. */
    private static <T> T whileSomeoneHoldsTheMonitorOf(Object target, Supplier<T> operation) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(
                () -> {
                    synchronized (target) {
                        held.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "user-holding-the-monitor");
        holder.start();
        try {
            assertThat(held.await(GUARD.toSeconds(), TimeUnit.SECONDS)).isTrue();
            return CompletableFuture.supplyAsync(operation, OWN_THREAD).get(GUARD.toSeconds(), TimeUnit.SECONDS);
        } finally {
            release.countDown();
            holder.join(GUARD.toMillis());
        }
    }

    @Test
    void queues() throws Exception {
        for (AsyncQueue<Integer> q : List.of(
                new AsyncQueue<Integer>(2), new AsyncLifoQueue<Integer>(2), new AsyncPriorityQueue<Integer>(2))) {
            String seen = whileSomeoneHoldsTheMonitorOf(q, () -> {
                q.putNowait(1);
                q.put(2).block(GUARD);
                q.getNowait();
                q.taskDone();
                Integer got = q.get().block(GUARD);
                q.taskDone();
                q.join().block(GUARD);
                q.shutdown(false);
                return got + " " + q.qsize() + " " + q.empty() + " " + q.full() + " " + q;
            });
            assertThat(seen).contains(" 0 true false "); // qsize, empty, full after the round trip
        }
    }

    @Test
    void event() throws Exception {
        AsyncEvent event = new AsyncEvent();
        boolean set = whileSomeoneHoldsTheMonitorOf(event, () -> {
            event.set();
            event.await().block(GUARD);
            event.clear();
            event.set();
            return event.isSet() && !event.toString().isEmpty();
        });
        assertThat(set).isTrue();
    }

    @Test
    void barrier() throws Exception {
        AsyncBarrier barrier = new AsyncBarrier(1);
        Integer index = whileSomeoneHoldsTheMonitorOf(barrier, () -> {
            Integer i = barrier.await().block(GUARD);
            barrier.reset().block(GUARD);
            return barrier.waiting() == 0
                            && !barrier.broken()
                            && !barrier.toString().isEmpty()
                    ? i
                    : -1;
        });
        assertThat(index).isZero();
    }

    @Test
    void conditionLockAndSemaphore() throws Exception {
        AsyncCondition condition = new AsyncCondition();
        String done = whileSomeoneHoldsTheMonitorOf(
                condition,
                () -> condition
                        .withLock(Mono.fromRunnable(condition::signalAll).thenReturn("signalled"))
                        .block(GUARD));
        assertThat(done).isEqualTo("signalled");

        AsyncLock lock = new AsyncLock();
        assertThat(whileSomeoneHoldsTheMonitorOf(
                        lock, () -> lock.withLock(Mono.just("locked")).block(GUARD)))
                .isEqualTo("locked");

        AsyncSemaphore semaphore = new AsyncBoundedSemaphore(1);
        assertThat(whileSomeoneHoldsTheMonitorOf(
                        semaphore,
                        () -> semaphore.withPermit(Mono.just("permit")).block(GUARD)))
                .isEqualTo("permit");
    }

    @Test
    void taskGroup() throws Exception {
        CompletableFuture<TaskGroup> group = new CompletableFuture<>();
        CountDownLatch bodyMayEnd = new CountDownLatch(1);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> Aio.run(TaskGroup.run(tg -> {
                    group.complete(tg);
                    return Mono.fromCallable(() -> bodyMayEnd.await(GUARD.toSeconds(), TimeUnit.SECONDS))
                            .subscribeOn(Schedulers.boundedElastic())
                            .thenReturn(1);
                })),
                OWN_THREAD);
        TaskGroup tg = group.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        Integer value = whileSomeoneHoldsTheMonitorOf(tg, () -> {
            Integer v = tg.createTask(Mono.just(7)).await().block(GUARD);
            return tg.toString().isEmpty() ? -1 : v;
        });
        bodyMayEnd.countDown();
        assertThat(value).isEqualTo(7);
        assertThat(run.get(GUARD.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
    }
}
