package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Hand-off properties shared by all primitives: no recursion, nothing lost on cancel. */
class HandOffTest {

    static final int MANY = 100_000;

    @Test
    void manyQueuedWithLockBodiesThatCompleteSynchronouslyDoNotOverflowTheStack() {
        AsyncLock lock = new AsyncLock();
        AtomicInteger done = new AtomicInteger();
        Aio.run(lock.acquire());
        List<Disposable> all = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            all.add(lock.withLock(Mono.fromRunnable(done::incrementAndGet)).subscribe());
        }
        lock.release(); // wakes the first; each body releases synchronously into the next
        assertThat(done).hasValue(MANY);
        assertThat(lock.locked()).isFalse();
    }

    @Test
    void manyQueuedWithPermitBodiesDoNotOverflowTheStack() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < MANY; i++) {
            semaphore.withPermit(Mono.fromRunnable(done::incrementAndGet)).subscribe();
        }
        semaphore.release();
        assertThat(done).hasValue(MANY);
        assertThat(semaphore.availablePermits()).isEqualTo(1);
    }

    @Test
    void manyWaitingGettersFedSynchronouslyDoNotOverflowTheStack() {
        AsyncQueue<Integer> queue = new AsyncQueue<>();
        AtomicInteger got = new AtomicInteger();
        // Each getter, once fed, puts the next item: a chain of synchronous hand-offs.
        for (int i = 0; i < MANY; i++) {
            queue.get()
                    .flatMap(v -> v + 1 < MANY ? queue.put(v + 1) : Mono.empty())
                    .doOnSuccess(v -> got.incrementAndGet())
                    .subscribe();
        }
        queue.putNowait(0);
        assertThat(got).hasValue(MANY);
        assertThat(queue.qsize()).isZero();
    }

    @Test
    void aGetterCancelledBeforeRequestingGivesTheItemBack() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        queue.putNowait("a");
        StepVerifier.create(queue.get(), 0).expectSubscription().thenCancel().verify(Duration.ofSeconds(2));
        assertThat(queue.getNowait()).isEqualTo("a");
    }

    @Test
    void aCancelledWaitingGetterTakesNothingAndTheNextGetsTheItem() {
        AsyncQueue<String> queue = new AsyncQueue<>();
        Disposable first = queue.get().subscribe();
        List<String> second = new ArrayList<>();
        queue.get().subscribe(second::add);
        first.dispose();
        queue.putNowait("x");
        assertThat(second).containsExactly("x");
        assertThat(queue.qsize()).isZero();
    }

    @Test
    void conditionAwaitCancelledInsideWithLockLeavesTheLockFree() {
        AsyncCondition cond = new AsyncCondition();
        Disposable waiting = cond.withLock(cond.await()).subscribe();
        assertThat(cond.locked()).isFalse(); // await released it
        Aio.run(cond.acquire()); // someone else holds it now
        waiting.dispose(); // the cancelled await must re-acquire before withLock releases
        assertThat(cond.locked()).isTrue();
        cond.release(); // hands it to the re-acquire, then withLock releases it
        assertThat(cond.locked()).isFalse();
    }

    @Test
    void conditionSignalWakesTheWaiterWithTheLockHeld() {
        AsyncCondition cond = new AsyncCondition();
        List<Boolean> heldWhenWoken = new ArrayList<>();
        cond.withLock(cond.await().then(Mono.fromRunnable(() -> heldWhenWoken.add(cond.locked()))))
                .subscribe();
        Aio.run(cond.withLock(Mono.fromRunnable(() -> cond.signal(1))));
        assertThat(heldWhenWoken).containsExactly(true);
        assertThat(cond.locked()).isFalse();
    }

    @Test
    void eventReleasesEveryWaiterAtOnce() {
        AsyncEvent event = new AsyncEvent();
        AtomicInteger woken = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            event.await().doOnSuccess(v -> woken.incrementAndGet()).subscribe();
        }
        event.set();
        assertThat(woken).hasValue(10_000);
    }

    @Test
    void barrierGivesArrivalIndicesAndResets() {
        AsyncBarrier barrier = new AsyncBarrier(3);
        StepVerifier.create(Flux.merge(barrier.await(), barrier.await(), barrier.await())
                        .collectList())
                .assertNext(indices -> assertThat(indices).containsExactlyInAnyOrder(0, 1, 2))
                .verifyComplete();
        assertThat(barrier.waiting()).isZero();
    }

    @Test
    void aWaiterCancelledAfterItWasGrantedButBeforeItHeardPassesThePermitOn() {
        AsyncSemaphore semaphore = new AsyncSemaphore(0);
        List<String> log = new ArrayList<>();
        Disposable[] b = new Disposable[1];
        // A, once woken, releases (which grants B inside the same delivery loop, before B is
        // told) and then cancels B: B must hand its permit to C.
        semaphore.acquire().subscribe(null, null, () -> {
            log.add("A");
            semaphore.release();
            b[0].dispose();
        });
        b[0] = semaphore.acquire().subscribe(null, null, () -> log.add("B"));
        semaphore.acquire().subscribe(null, null, () -> log.add("C"));
        semaphore.release();
        assertThat(log).containsExactly("A", "C");
        assertThat(semaphore.availablePermits()).isZero(); // C holds the only permit
    }
}
