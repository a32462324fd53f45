package dev.reactio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Scannable;
import reactor.core.Scannable.Attr;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.subscriber.TestSubscriber;

/** {@code Scannable} answers of the operators behind {@code Aio}, in reactor-core's scanOperator/scanSubscriber style. */
class ScanTest {

    @SafeVarargs
    private static MonoGather<String> gatherOf(Mono<String>... sources) {
        return new MonoGather<>(sources, false);
    }

    @Test
    void scanGatherOperator() {
        MonoGather<String> test = gatherOf(Mono.just("a"));
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.scan(Attr.PREFETCH)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void scanGatherSubscribers() {
        TestSubscriber<List<Object>> actual = TestSubscriber.create();
        MonoGather.Coordinator<String> test = new MonoGather.Coordinator<>(actual, 2, false);
        assertThat(test.scan(Attr.ACTUAL)).isSameAs(actual);
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.scan(Attr.PREFETCH)).isEqualTo(Integer.MAX_VALUE);

        MonoGather.Inner<String> inner = new MonoGather.Inner<>(test, 0);
        test.inners[0] = inner;
        var upstream = Operators.emptySubscription();
        inner.onSubscribe(upstream);
        assertThat(inner.scan(Attr.PARENT)).isSameAs(upstream);
        assertThat(inner.scan(Attr.ACTUAL)).isSameAs(test);
        assertThat(inner.scan(Attr.PREFETCH)).isEqualTo(Integer.MAX_VALUE);
        assertThat(inner.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.inners().map(Object.class::cast).toList()).containsExactly(inner);
        inner.onNext("a");
        inner.onComplete();
        assertThat(inner.scan(Attr.TERMINATED)).isTrue();
        assertThat(inner.scan(Attr.CANCELLED)).isFalse();

        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        test.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
    }

    @Test
    void scanGatherTerminatesWithItsResult() {
        TestSubscriber<List<Object>> actual = TestSubscriber.create();
        Mono<List<Object>> gather = gatherOf(Mono.just("a"));
        gather.subscribe(actual);
        Scannable coordinator = Scannable.from(actual.scan(Attr.PARENT));
        assertThat(coordinator.scan(Attr.TERMINATED)).isTrue();
    }

    @Test
    void scanSleepOperator() {
        MonoSleep<String> test = new MonoSleep<>(Duration.ofSeconds(1), "a");
        assertThat(test.scan(Attr.RUN_ON)).isSameAs(Schedulers.parallel());
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);
    }

    @Test
    void scanSleepSubscriber() {
        TestSubscriber<String> actual = TestSubscriber.create();
        MonoSleep.Sleeper<String> test = new MonoSleep.Sleeper<>(actual, "a");
        assertThat(test.scan(Attr.ACTUAL)).isSameAs(actual);
        assertThat(test.scan(Attr.RUN_ON)).isSameAs(Schedulers.parallel());
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        test.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
    }

    @Test
    void scanWaitForOperators() {
        Mono<String> source = Mono.just("a");
        MonoWaitFor<String> timed = new MonoWaitFor<>(source, Duration.ofSeconds(1));
        assertThat(timed.scan(Attr.PARENT)).isSameAs(source);
        assertThat(timed.scan(Attr.RUN_ON)).isSameAs(Schedulers.parallel());
        assertThat(timed.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);

        MonoWaitForNow<String> now = new MonoWaitForNow<>(source, Duration.ZERO);
        assertThat(now.scan(Attr.PARENT)).isSameAs(source);
        assertThat(now.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
    }

    @Test
    void scanWaitForNowProbe() {
        MonoWaitForNow.Probe<String> test = new MonoWaitForNow.Probe<>(reactor.util.context.Context.empty());
        var upstream = Operators.emptySubscription();
        test.onSubscribe(upstream);
        assertThat(test.scan(Attr.PARENT)).isSameAs(upstream);
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
        test.onNext("a");
        assertThat(test.scan(Attr.TERMINATED)).isTrue();
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
    }

    @Test
    void scanGeneratorOperatorAndSubscription() {
        FluxGenerator<String> gen = new FluxGenerator<>(emitter -> Mono.never());
        assertThat(gen.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);

        TestSubscriber<String> actual =
                TestSubscriber.builder().initialRequest(0).build();
        FluxGenerator.GeneratorSubscription<String> test =
                new FluxGenerator.GeneratorSubscription<>(actual, emitter -> Mono.never());
        assertThat(test.scan(Attr.ACTUAL)).isSameAs(actual);
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        test.request(3);
        assertThat(test.scan(Attr.REQUESTED_FROM_DOWNSTREAM)).isEqualTo(3L);
        assertThat(test.scan(Attr.PARENT)).isNotNull(); // the body's subscription
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        test.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
    }

    @Test
    void scanGeneratorTerminated() {
        TestSubscriber<String> actual = TestSubscriber.create();
        FluxGenerator.GeneratorSubscription<String> test =
                new FluxGenerator.GeneratorSubscription<>(actual, emitter -> Mono.empty());
        test.request(1);
        assertThat(test.scan(Attr.TERMINATED)).isTrue();
    }

    @Test
    void scanBlockingRun() {
        reactor.core.CoreSubscriber<?>[] run = new reactor.core.CoreSubscriber<?>[1];
        Mono<String> main = new Mono<>() {
            @Override
            public void subscribe(reactor.core.CoreSubscriber<? super String> actual) {
                run[0] = actual;
                actual.onSubscribe(Operators.emptySubscription());
                assertThat(Scannable.from(actual).scan(Attr.TERMINATED)).isFalse();
                actual.onNext("a");
                actual.onComplete();
            }
        };
        assertThat(BlockingRun.block(main)).isEqualTo("a");
        Scannable test = Scannable.from(run[0]);
        assertThat(test.scan(Attr.PARENT)).isNotNull();
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.SYNC);
        assertThat(test.scan(Attr.TERMINATED)).isTrue();
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
    }

    @Test
    void scanWaitForMain() {
        TestSubscriber<String> actual = TestSubscriber.create();
        MonoWaitFor.WaitForSubscriber<String> test = new MonoWaitFor.WaitForSubscriber<>(actual, Duration.ofSeconds(1));
        var upstream = Operators.emptySubscription();
        test.onSubscribe(upstream);
        assertThat(test.scan(Attr.PARENT)).isSameAs(upstream);
        assertThat(test.scan(Attr.ACTUAL)).isSameAs(actual);
        assertThat(test.scan(Attr.RUN_ON)).isSameAs(Schedulers.parallel());
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
        test.onNext("a");
        assertThat(test.scan(Attr.TERMINATED)).as("a value is not the end").isFalse();
        test.onComplete();
        assertThat(test.scan(Attr.TERMINATED)).isTrue();
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        test.cancel(); // after the signal: still reaches the source (see Grants)
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
    }

    @Test
    void scanWaitForMainCancelledWhileWaiting() {
        MonoWaitFor.WaitForSubscriber<String> test =
                new MonoWaitFor.WaitForSubscriber<>(TestSubscriber.create(), Duration.ofSeconds(1));
        test.onSubscribe(Operators.emptySubscription());
        test.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
    }

    @Test
    void scanWaitForMainTerminatedByTheTimer() {
        TestSubscriber<String> actual = TestSubscriber.create();
        MonoWaitFor.WaitForSubscriber<String> test = new MonoWaitFor.WaitForSubscriber<>(actual, Duration.ofSeconds(1));
        test.onSubscribe(Operators.emptySubscription());
        test.run(); // the timer fires
        assertThat(test.scan(Attr.TERMINATED)).isTrue();
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        assertThat(actual.expectTerminalError()).isInstanceOf(java.util.concurrent.TimeoutException.class);
    }

    @Test
    void scanDeadlineOperator() {
        Flux<String> source = Flux.just("a");
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        Scannable test =
                Scannable.from(Deadline.over(source, Duration.ofSeconds(1), timer, IllegalStateException::new));
        assertThat(test.scan(Attr.PARENT)).isSameAs(source);
        assertThat(test.scanUnsafe(Attr.RUN_ON)).isSameAs(timer); // scan() hides a non-Scannable scheduler
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);
        assertThat(test.scan(Attr.PREFETCH)).isEqualTo(-1); // passes requests through, as FluxOperator says
        Scannable onParallel = Scannable.from(Deadline.over(source, Duration.ofSeconds(1), IllegalStateException::new));
        assertThat(onParallel.scan(Attr.RUN_ON)).isSameAs(Schedulers.parallel());
    }

    @Test
    void scanDeadlineSubscriber() {
        TestSubscriber<String> actual = TestSubscriber.create();
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        Deadline.Main<String> test =
                new Deadline.Main<>(actual, Duration.ofSeconds(1).toNanos(), timer, IllegalStateException::new);
        var upstream = Operators.emptySubscription();
        test.onSubscribe(upstream);
        assertThat(test.scan(Attr.PARENT)).isSameAs(upstream);
        assertThat(test.scan(Attr.ACTUAL)).isSameAs(actual);
        assertThat(test.scanUnsafe(Attr.RUN_ON)).isSameAs(timer); // scan() hides a non-Scannable scheduler
        assertThat(test.scan(Attr.RUN_STYLE)).isSameAs(Attr.RunStyle.ASYNC);
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
        assertThat(test.scan(Attr.CANCELLED)).isFalse();
        test.cancel();
        assertThat(test.scan(Attr.CANCELLED)).isTrue();
        assertThat(test.scan(Attr.TERMINATED)).isFalse();
    }

    @Test
    void scanDeadlineSubscriberTerminated() {
        VirtualTimeScheduler timer = VirtualTimeScheduler.create();
        Deadline.Main<String> done =
                new Deadline.Main<>(TestSubscriber.create(), 1_000, timer, IllegalStateException::new);
        done.onSubscribe(Operators.emptySubscription());
        done.onComplete();
        assertThat(done.scan(Attr.TERMINATED)).isTrue();

        Deadline.Main<String> expired =
                new Deadline.Main<>(TestSubscriber.create(), 1_000, timer, IllegalStateException::new);
        expired.onSubscribe(Operators.emptySubscription());
        timer.advanceTimeBy(Duration.ofSeconds(1));
        assertThat(expired.scan(Attr.TERMINATED)).isTrue();
        assertThat(expired.scan(Attr.CANCELLED)).isFalse();
    }
}
