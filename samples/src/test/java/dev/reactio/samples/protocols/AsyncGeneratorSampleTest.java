package dev.reactio.samples.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class AsyncGeneratorSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(AsyncGeneratorSample::main))
                .containsExactly("0", "1", "2", "3", "4", "[0, 1, 2, 3, 4]");
    }

    @Test
    void asyncRangeYieldsOneNumberEveryHalfSecond() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> AsyncGeneratorSample.asyncRange(transcript.ctx(), 3))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(499))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(0)
                .thenAwait(Duration.ofMillis(500))
                .expectNext(1)
                .thenAwait(Duration.ofMillis(500))
                .expectNext(2)
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }

    @Test
    void asyncRangeDoesNotRunAheadOfItsConsumer() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> AsyncGeneratorSample.asyncRange(transcript.ctx(), 5), 1)
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectNext(0)
                .expectNoEvent(Duration.ofSeconds(10)) // nothing more was requested
                .thenRequest(1)
                .thenAwait(Duration.ofMillis(500))
                .expectNext(1)
                .thenCancel()
                .verify(Transcript.HANG_GUARD);
    }
}
