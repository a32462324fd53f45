package dev.reactio.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;

/**
 * What the stress tests share: the multiplier, threads released by one latch,
 * cancellers on other threads, and a subscriber that never drops a signal.
 * <p>Iteration counts are fixed numbers times {@link #multiplier()}, read from the system
 * property {@code reactio.stress} that the build passes to surefire ({@code -Dreactio.stress=10}
 * or {@code -Pstress} for a longer run), as kotlinx's {@code stressTestMultiplier} does.
 */
public final class Stress {

    /**
     * How long a test waits without any progress on work that should be moving. A hang guard only: it turns a
     * lost wake-up into a failure with a message, it makes no timing claim.
     */
    public static final long HANG_GUARD_SECONDS = 10;
    /** Longer than {@link #HANG_GUARD_SECONDS}, so that a thread's own, more telling, hang guard fires first. */
    private static final long JOIN_GUARD_SECONDS = 2 * HANG_GUARD_SECONDS;

    private Stress() {}

    /** The multiplier from {@code -Dreactio.stress=N}; 1 when unset. */
    public static int multiplier() {
        return Math.max(1, Integer.getInteger("reactio.stress", 1));
    }

    /** {@code base} times the multiplier. */
    public static int times(int base) {
        return Math.multiplyExact(base, multiplier());
    }

    /**
     * Starts {@code threads} platform threads that all wait on one latch, releases them together,
     * waits for all of them and rethrows the first failure (with the others suppressed).
     * Platform threads, not Reactor's, so that a body may {@code block()}.
     */
    public static void inThreads(String name, int threads, IntConsumer body) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread thread = new Thread(
                    () -> {
                        ready.countDown();
                        try {
                            start.await();
                            body.accept(index);
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    },
                    name + "-" + t);
            thread.setDaemon(true);
            all.add(thread);
            thread.start();
        }
        await(ready, name + " threads to start");
        start.countDown();
        for (Thread thread : all) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(JOIN_GUARD_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + thread.getName(), e);
            }
            if (thread.isAlive()) {
                fail(
                        "%s did not finish within the hang guard; a wake-up was probably lost. Its stack:%n%s",
                        thread.getName(), stackOf(thread));
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error =
                    new AssertionError(name + ": " + failures.size() + " thread(s) failed", failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Waits for {@code latch} within the hang guard, failing with {@code what} and {@code state}. */
    public static void await(CountDownLatch latch, String what, Supplier<?> state) {
        try {
            // The guard is on progress, not on the total: a long run on a slow machine (each
            // thread hop can cost tens of microseconds here) keeps counting down, a lost wake-up
            // stops it. A whole guard period without a single count-down fails.
            long left = latch.getCount();
            while (!latch.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
                long now = latch.getCount();
                if (now == left) {
                    fail(
                            "still waiting for %s (%d left, none done in the last %d s); state: %s",
                            what, now, HANG_GUARD_SECONDS, state.get());
                }
                left = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    public static void await(CountDownLatch latch, String what) {
        await(latch, what, () -> "n/a");
    }

    /** Shuts {@code executor} down and waits for its queued tasks within the hang guard. */
    public static void shutdownAndAwait(ExecutorService executor) {
        executor.shutdown();
        try {
            assertThat(executor.awaitTermination(HANG_GUARD_SECONDS, TimeUnit.SECONDS))
                    .as("executor drained within the hang guard")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while draining an executor", e);
        }
    }

    /** A burst of busy-waiting of random length, to land a cancel at a random point of an operation. */
    public static void jitter() {
        for (int i = ThreadLocalRandom.current().nextInt(64); i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    private static String stackOf(Thread thread) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement e : thread.getStackTrace()) {
            out.append("\tat ").append(e).append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * Disposes subscriptions from two other threads, each after a random burst of spinning, so
     * that cancellation lands at random points: while waiting, while being handed over, while the
     * body runs, or after the end.
     */
    public static final class Cancellers implements AutoCloseable {
        private final AtomicInteger threadIds = new AtomicInteger();
        private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "canceller-" + threadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });

        public void cancelSoon(Disposable subscription) {
            executor.execute(() -> {
                jitter();
                subscription.dispose();
            });
        }

        /** Waits for every queued cancel to have run. */
        @Override
        public void close() {
            shutdownAndAwait(executor);
        }
    }

    /**
     * A raw subscriber that records every signal, also the ones that arrive after it cancelled.
     * Reactor's lambda and {@code BaseSubscriber}s drop an {@code onComplete} that races with
     * their own {@code dispose()}; this one does not, so a test can tell "the primitive told me"
     * from "the primitive took my cancel", and never blames the primitive for a dropped signal.
     */
    public static final class Recorder<T> implements CoreSubscriber<T>, Disposable {
        private final AtomicReference<Subscription> subscription = new AtomicReference<>();
        private final Runnable onComplete;
        public final AtomicReference<T> value = new AtomicReference<>();
        public final AtomicReference<Throwable> error = new AtomicReference<>();
        public final AtomicInteger completions = new AtomicInteger();
        private final Thread creator = Thread.currentThread();
        private volatile boolean signalledByCreator;
        private volatile boolean cancelled;

        public Recorder(Runnable onComplete) {
            this.onComplete = onComplete;
        }

        public Recorder() {
            this(() -> {});
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (subscription.compareAndSet(null, s)) {
                if (cancelled) {
                    s.cancel();
                } else {
                    s.request(Long.MAX_VALUE);
                }
            } else {
                s.cancel();
            }
        }

        /**
         * Whether the thread that created this recorder got a signal itself: when it subscribes
         * and moves on, that means the operation finished inside {@code subscribe}, not through a
         * later hand-off from another thread.
         */
        public boolean signalledOnCreatingThread() {
            return signalledByCreator;
        }

        private void noteThread() {
            if (Thread.currentThread() == creator) {
                signalledByCreator = true;
            }
        }

        @Override
        public void onNext(T t) {
            noteThread();
            if (!value.compareAndSet(null, t)) {
                throw new AssertionError("a second onNext: " + t + " after " + value.get());
            }
        }

        @Override
        public void onError(Throwable t) {
            noteThread();
            error.set(t);
        }

        @Override
        public void onComplete() {
            noteThread();
            completions.incrementAndGet();
            onComplete.run();
        }

        @Override
        public void dispose() {
            cancelled = true;
            Subscription s = subscription.get();
            if (s != null) {
                s.cancel();
            }
        }

        @Override
        public boolean isDisposed() {
            return cancelled;
        }
    }
}
