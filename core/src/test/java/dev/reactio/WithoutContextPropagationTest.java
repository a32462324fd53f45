package dev.reactio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reactio.sync.AsyncLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Without {@code io.micrometer:context-propagation} on the class path (it is an optional
 * dependency of core), every path that propagates ThreadLocals when it is there still works, and
 * asking Reactor for automatic propagation changes nothing.
 * <p>Runs in the surefire execution {@code without-context-propagation} of {@code core/pom.xml},
 * whose class path lacks the library and which sets {@code reactio.test.withoutContextPropagation};
 * skipped in the default run.
 */
@Timeout(10)
class WithoutContextPropagationTest {

    private final ExecutorService foreign = Executors.newSingleThreadExecutor(r -> new Thread(r, "foreign"));

    @BeforeEach
    void onlyWithoutTheLibrary() {
        assumeTrue(
                Boolean.getBoolean("reactio.test.withoutContextPropagation"),
                "runs in core's without-context-propagation surefire execution only");
        assertThatThrownBy(() -> Class.forName("io.micrometer.context.ContextRegistry"))
                .as("this execution's class path must lack context-propagation")
                .isInstanceOf(ClassNotFoundException.class);
        Hooks.enableAutomaticContextPropagation(); // a no-op without the library
    }

    @AfterEach
    void cleanUp() {
        Hooks.disableAutomaticContextPropagation();
        foreign.shutdownNow();
    }

    @Test
    void automaticPropagationStaysOff() {
        assertThat(Hooks.isAutomaticContextPropagationEnabled()).isFalse();
    }

    @Test
    void everyPathThatWouldPropagateStillWorks() throws Exception {
        AsyncLock lock = new AsyncLock();
        Aio.run(lock.acquire());
        Task<String> waiter = Aio.createTask(lock.withLock(Mono.just("locked")));
        foreign.execute(lock::release);

        List<String> values = Aio.run(TaskGroup.run(tg -> Aio.<String>gather(
                Aio.createTask(Aio.sleep(Duration.ofMillis(1), "task")).await(),
                tg.createTask(Mono.just("group task")).await(),
                Aio.spawn(Mono.just("spawned")).flatMap(t -> t.await()),
                Aio.toThread(() -> "thread"),
                Aio.runInExecutor(foreign, () -> "executor"),
                Aio.<String>generator(emitter -> emitter.emit("generated")).single())));

        assertThat(values).containsExactly("task", "group task", "spawned", "thread", "executor", "generated");
        assertThat(waiter.toFuture().get(5, TimeUnit.SECONDS)).isEqualTo("locked");
    }
}
