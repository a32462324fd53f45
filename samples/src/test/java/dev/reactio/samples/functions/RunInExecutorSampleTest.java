package dev.reactio.samples.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.samples.Transcript;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RunInExecutorSampleTest {

    @Test
    void printsLikeTheTutorial() {
        Transcript transcript = Transcript.atScale(0);

        RunInExecutorSample.run(transcript.ctx());

        assertThat(transcript.lines()).containsExactly("IO result");
    }

    @Test
    void theBlockingIoRunsOnThePoolWhichIsThenShutDown() {
        Transcript transcript = Transcript.atScale(0);
        AtomicReference<ThreadPoolExecutor> pool = new AtomicReference<>();

        Aio.run(RunInExecutorSample.main(transcript.ctx(), () -> {
            pool.set(RunInExecutorSample.newThreadPool());
            return pool.get();
        }));

        assertThat(pool.get().getTaskCount()).isEqualTo(1);
        assertThat(pool.get().isShutdown()).isTrue();
    }
}
