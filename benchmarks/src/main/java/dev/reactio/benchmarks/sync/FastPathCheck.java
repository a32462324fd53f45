package dev.reactio.benchmarks.sync;

import dev.reactio.sync.AsyncLock;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Checks that an uncontended {@code AsyncLock.withLock} allocates no waiter (the "fast
 * path" target), by counting the bytes the calling thread allocates
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}, exact).
 *
 * <h2>Workload</h2>
 * Three loops of {@value #N} operations each, with a reused no-op subscriber, measured in a second
 * round after a first one that loads the classes. The loops are short enough to stay out of C2,
 * so escape analysis removes nothing and every allocation counts:
 * <ol>
 * <li>uncontended: {@code lock.withLock(body).subscribe(s)} on a free lock;</li>
 * <li>waiting: the same {@code withLock} while the lock is held, then {@code release()}, which
 *     hands the lock to it (minus the cost of the acquire/release around it);</li>
 * <li>one waiter: {@code acquire().subscribe(s)} on a held lock, then {@code release()} (minus an
 *     uncontended acquire/release): the size of one {@code PermitQueue} waiter.</li>
 * </ol>
 * It prints one {@code FASTPATH} line and exits with status 1 unless the uncontended
 * {@code withLock} allocates at least one waiter's worth less than the waiting one, i.e. unless
 * the fast path skips the waiter. {@code LockBenchmark -prof gc} gives the steady-state B/op.
 *
 * <h2>Command</h2>
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.reactio.benchmarks.sync.FastPathCheck
 * </pre>
 */
public final class FastPathCheck {

    private static final int N = 2_000;

    private FastPathCheck() {}

    /**
     * Runs the check.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try {
            System.out.println(check());
        } catch (IllegalStateException e) {
            System.out.println("FASTPATH FAILED " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Measures and checks.
     *
     * @return a one-line report
     * @throws IllegalStateException if the uncontended {@code withLock} does not allocate at least
     *     one waiter less than one that waits
     */
    static String check() {
        AsyncLock lock = new AsyncLock();
        Mono<Void> body = Mono.fromRunnable(() -> {});
        Quiet sub = new Quiet();
        for (int round = 0; ; round++) { // round 0 loads the classes
            long uncontended = perOp(() -> lock.withLock(body).subscribe(sub));
            long acquireRelease = perOp(() -> {
                lock.acquire().subscribe(sub);
                lock.release();
            });
            long waiting = perOp(() -> {
                        lock.acquire().subscribe(sub); // taken at once
                        lock.withLock(body).subscribe(sub); // must wait
                        lock.release(); // hands the lock to it; its body runs and releases
                    })
                    - acquireRelease;
            lock.acquire().subscribe(sub);
            long waiter = perOp(() -> {
                        lock.acquire().subscribe(sub); // waits
                        lock.release(); // hands it over, so the lock stays held
                    })
                    - acquireRelease;
            lock.release();
            if (lock.locked()) {
                throw new IllegalStateException("the lock should be free after the check");
            }
            if (round == 1) {
                String report = "FASTPATH uncontended withLock allocates " + uncontended
                        + " B/op; a withLock that waits " + waiting + " B/op; one acquire waiter " + waiter + " B";
                if (waiter <= 0 || waiting - uncontended < waiter) {
                    throw new IllegalStateException("uncontended withLock seems to allocate a waiter: " + report);
                }
                return report + ": no waiter on the fast path";
            }
        }
    }

    private static long perOp(Runnable op) {
        long before = SyncWorkloads.allocatedBytes();
        for (int i = 0; i < N; i++) {
            op.run();
        }
        return (SyncWorkloads.allocatedBytes() - before) / N;
    }

    /** A no-op subscriber, subscribed many times over (harmless for this check). */
    static final class Quiet implements CoreSubscriber<Object> {
        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Object o) {}

        @Override
        public void onError(Throwable t) {
            throw new IllegalStateException(t);
        }

        @Override
        public void onComplete() {}
    }
}
