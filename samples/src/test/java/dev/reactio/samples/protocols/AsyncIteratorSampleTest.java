package dev.reactio.samples.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import dev.reactio.samples.protocols.AsyncIteratorSample.Counter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class AsyncIteratorSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(AsyncIteratorSample::main)).containsExactly("0", "1", "2", "3", "4");
    }

    @Test
    void anExhaustedCounterCompletesEmptyLikeStopAsyncIteration() {
        Counter counter = new Counter(Transcript.atScale(0).ctx(), 0);

        StepVerifier.create(counter.next()).expectComplete().verify(Transcript.HANG_GUARD);
    }

    @Test
    void eachNumberTakesHalfASecond() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> new Counter(transcript.ctx(), 2).next())
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(499))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(0)
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
