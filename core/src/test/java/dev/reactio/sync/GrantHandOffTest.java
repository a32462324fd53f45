package dev.reactio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reactio.Aio;
import dev.reactio.internal.GrantReceiver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The hand-off protocol between the primitives and their subscribers, with forced interleavings:
 * a grant that its subscriber reports unused, or refuses before it is final, is handed on; a
 * cancelled {@code withLock}/{@code withPermit} releases only once its body has stopped.
 * Races of real operators against the same paths are in {@link GrantCancellationStressTest}.
 */
@Timeout(30)
class GrantHandOffTest {

    /** A subscriber of Reactio's own kind that reports a chosen fate for every grant. */
    static final class Receiver<T> implements CoreSubscriber<T>, GrantReceiver {
        final boolean unused;
        final boolean claims;
        final AtomicInteger signals = new AtomicInteger();
        final AtomicReference<T> value = new AtomicReference<>();

        Receiver(boolean unused, boolean claims) {
            this.unused = unused;
            this.claims = claims;
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(T t) {
            value.set(t);
            signals.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            signals.incrementAndGet();
        }

        @Override
        public void onComplete() {
            signals.incrementAndGet();
        }

        @Override
        public boolean grantUnused(boolean lateCancel, boolean valueless) {
            return unused;
        }

        @Override
        public boolean claimGrant() {
            return claims;
        }
    }

    @Nested
    class UnusedGrants {

        @Test
        void aLockToldToASubscriberThatDroppedItIsHandedOn() {
            AsyncLock lock = new AsyncLock();
            Aio.run(lock.acquire());
            lock.acquire().subscribe(new Receiver<>(true, true));
            Receiver<Void> next = new Receiver<>(false, true);
            lock.acquire().subscribe(next);
            lock.release(); // to the first waiter, which drops it: the second gets it
            assertThat(next.signals).hasValue(1);
            assertThat(lock.locked()).isTrue();
            lock.release();
            assertThat(lock.locked()).isFalse();
        }

        @Test
        void aPermitToldToASubscriberThatDroppedItGoesBackToThePool() {
            AsyncSemaphore semaphore = new AsyncSemaphore(0);
            semaphore.acquire().subscribe(new Receiver<>(true, true));
            semaphore.release();
            assertThat(semaphore.availablePermits()).isEqualTo(1);
        }

        @Test
        void anItemToldToASubscriberThatDroppedItGoesBackToTheFront() {
            AsyncQueue<String> queue = new AsyncQueue<>();
            queue.get().subscribe(new Receiver<>(true, true));
            queue.putNowait("a");
            queue.putNowait("b");
            assertThat(queue.getNowait()).isEqualTo("a");
            assertThat(queue.getNowait()).isEqualTo("b");
        }

        @Test
        void aPutWhoseCompletionWasDroppedIsUndone() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            queue.putNowait("first");
            Receiver<Void> putter = new Receiver<>(true, true);
            queue.put("dropped").subscribe(putter);
            assertThat(queue.getNowait()).isEqualTo("first"); // room: the putter stores, is told, drops
            assertThat(putter.signals).hasValue(1);
            assertThat(queue.qsize()).as("the dropped put was taken back").isZero();
            queue.taskDone();
            StepVerifier.create(queue.join()).expectComplete().verify(Duration.ofSeconds(2));
        }
    }

    @Nested
    class RefusedClaims {

        @Test
        void aWaitingPutWhoseSubscriberRefusesTheClaimStoresNothingAndPassesTheRoomOn() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            queue.putNowait("first");
            Receiver<Void> refusing = new Receiver<>(false, false);
            queue.put("never").subscribe(refusing);
            Receiver<Void> next = new Receiver<>(false, true);
            queue.put("second").subscribe(next);
            assertThat(queue.getNowait()).isEqualTo("first");
            assertThat(refusing.signals)
                    .as("a refused grant is never signalled")
                    .hasValue(0);
            assertThat(next.signals).hasValue(1);
            assertThat(queue.getNowait()).isEqualTo("second");
            assertThat(queue.qsize()).isZero();
        }

        @Test
        void aWaitingAcquireWhoseSubscriberRefusesTheClaimLeavesTheLockToTheNext() {
            AsyncLock lock = new AsyncLock();
            Aio.run(lock.acquire());
            Receiver<Void> refusing = new Receiver<>(false, false);
            lock.acquire().subscribe(refusing);
            lock.release();
            assertThat(refusing.signals).hasValue(0);
            assertThat(lock.locked()).isFalse();
        }

        @Test
        void aWaitingGetWhoseSubscriberRefusesTheClaimLeavesTheItemQueued() {
            AsyncQueue<String> queue = new AsyncQueue<>();
            Receiver<String> refusing = new Receiver<>(false, false);
            queue.get().subscribe(refusing);
            queue.putNowait("kept");
            assertThat(refusing.signals).hasValue(0);
            assertThat(queue.getNowait()).isEqualTo("kept");
        }
    }

    @Nested
    class WaitFor {

        @Test
        void aTimedOutWaitForOnAFullQueuePutsNothing() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            queue.putNowait("first");
            StepVerifier.withVirtualTime(() -> Aio.waitFor(queue.put("late"), Duration.ofSeconds(1)))
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(1))
                    .expectError(TimeoutException.class)
                    .verify(Duration.ofSeconds(2));
            assertThat(queue.getNowait()).isEqualTo("first");
            assertThat(queue.qsize()).isZero();
        }

        @Test
        void aPutThatSucceedsWhileSubscribingIsNotTimedOut() {
            AsyncQueue<String> queue = new AsyncQueue<>(1);
            // The timer starts after subscribe() returned: the synchronous put is the result.
            StepVerifier.withVirtualTime(() -> Aio.waitFor(queue.put("now"), Duration.ofNanos(1)))
                    .expectSubscription()
                    .thenAwait(Duration.ofSeconds(1))
                    .expectComplete()
                    .verify(Duration.ofSeconds(2));
            assertThat(queue.getNowait()).isEqualTo("now");
        }

        @Test
        void aTimeoutErrorNamesTheTimeout() {
            StepVerifier.withVirtualTime(() -> Aio.waitFor(Mono.never(), Duration.ofMillis(1500)))
                    .expectSubscription()
                    .thenAwait(Duration.ofMillis(1500))
                    .expectErrorSatisfies(e -> assertThat(e)
                            .isInstanceOf(TimeoutException.class)
                            .hasMessage("Aio.waitFor: no result within PT1.5S; the awaitable was cancelled"))
                    .verify(Duration.ofSeconds(2));
        }
    }

    @Nested
    class BodyStopsBeforeRelease {

        /**
         * A body that is still starting on another thread when its {@code withPermit} is cancelled
         * keeps its permit until its {@code subscribe} returns: asyncio's {@code async with} runs
         * the body's cleanup before it releases.
         */
        @Test
        void aCancelWhileTheBodyIsStartingReleasesOnlyAfterTheBodyStopped() throws InterruptedException {
            AsyncSemaphore semaphore = new AsyncSemaphore(1);
            Aio.run(semaphore.acquire());
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch proceed = new CountDownLatch(1);
            AtomicInteger inside = new AtomicInteger();
            Mono<Object> body = Mono.defer(() -> {
                        inside.incrementAndGet();
                        entered.countDown();
                        await(proceed);
                        return Mono.never();
                    })
                    .doOnCancel(inside::decrementAndGet);
            Disposable holder = semaphore.withPermit(body).subscribe();
            Thread releaser = new Thread(semaphore::release); // grants the permit: the body starts there
            releaser.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            holder.dispose(); // from this thread, while the body is inside defer on the releaser
            assertThat(semaphore.availablePermits())
                    .as("released while the body still runs")
                    .isZero();
            proceed.countDown();
            releaser.join(10_000);
            assertThat(inside).hasValue(0);
            assertThat(semaphore.availablePermits()).isEqualTo(1);
        }

        @Test
        void aWaitForTimeoutOfASynchronousBodyReleasesTheLockOnlyWhenTheBodyReturns() throws InterruptedException {
            VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet(); // waitFor's timer: fired by hand
            try {
                AsyncLock lock = new AsyncLock();
                Aio.run(lock.acquire());
                CountDownLatch running = new CountDownLatch(1);
                CountDownLatch proceed = new CountDownLatch(1);
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                Aio.waitFor(
                                lock.withLock(Mono.fromRunnable(() -> {
                                    running.countDown();
                                    await(proceed);
                                })),
                                Duration.ofSeconds(1))
                        .subscribe(null, outcome::set);
                Thread releaser = new Thread(lock::release); // the body runs there, synchronously
                releaser.start();
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                time.advanceTimeBy(Duration.ofSeconds(1)); // times out while the body runs
                assertThat(outcome.get()).isInstanceOf(TimeoutException.class);
                assertThat(lock.locked())
                        .as("the body is still running: the lock is still its")
                        .isTrue();
                proceed.countDown();
                releaser.join(10_000);
                assertThat(lock.locked()).isFalse();
            } finally {
                VirtualTimeScheduler.reset();
            }
        }

        @Test
        void aBodyOnAnotherSchedulerStillReleasesOnCancel() {
            AsyncLock lock = new AsyncLock();
            Disposable d = lock.withLock(Mono.never().subscribeOn(Schedulers.boundedElastic()))
                    .subscribe();
            d.dispose();
            assertThat(lock.locked()).isFalse();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Nested
    class Messages {

        @Test
        void aBoundedSemaphoreWithNegativePermitsNamesItself() {
            assertThatThrownBy(() -> new AsyncBoundedSemaphore(-1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("AsyncBoundedSemaphore needs zero or more permits, but got -1");
        }

        @Test
        void releasingASemaphoreBeyondIntegerMaxValueSaysWhy() {
            AsyncSemaphore semaphore = new AsyncSemaphore(Integer.MAX_VALUE);
            assertThatThrownBy(semaphore::release)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("AsyncSemaphore cannot hold more than Integer.MAX_VALUE (2147483647) free permits:"
                            + " release() was called more often than acquire()");
            assertThat(semaphore.availablePermits()).isEqualTo(Integer.MAX_VALUE);
        }
    }
}
