package dev.reactio.benchmarks.sync;

import java.util.concurrent.Phaser;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@code java.util.concurrent} side's workers: {@code n} platform threads started once per
 * trial, which run one job per {@link #runAll} call and park between calls (on a {@link Phaser}),
 * so thread start-up is not measured. These threads block; that is the point of the reference.
 */
final class ThreadCrew implements AutoCloseable {

    private final Thread[] threads;
    private final Phaser phaser;
    private volatile @Nullable IntConsumer job;
    private volatile @Nullable Throwable failure;
    private volatile boolean stop;

    ThreadCrew(int n, String name) {
        threads = new Thread[n];
        phaser = new Phaser(n + 1);
        for (int i = 0; i < n; i++) {
            int index = i;
            threads[i] = new Thread(() -> loop(index), name + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    private void loop(int index) {
        for (; ; ) {
            phaser.arriveAndAwaitAdvance(); // start of a round
            IntConsumer j = job;
            if (stop || j == null) {
                return;
            }
            try {
                j.accept(index);
            } catch (Throwable t) {
                failure = t;
            }
            phaser.arriveAndAwaitAdvance(); // end of the round
        }
    }

    /**
     * Runs {@code job} once on every thread (with the thread's index) and waits for all of them.
     *
     * @param job what each thread does
     */
    void runAll(IntConsumer job) {
        this.job = job;
        phaser.arriveAndAwaitAdvance();
        phaser.arriveAndAwaitAdvance();
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("a crew thread failed", t);
        }
    }

    @Override
    public void close() {
        stop = true;
        phaser.arriveAndDeregister();
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
