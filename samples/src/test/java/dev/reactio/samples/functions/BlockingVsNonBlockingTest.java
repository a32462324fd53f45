package dev.reactio.samples.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class BlockingVsNonBlockingTest {

    @Test
    void printsLikeTheTutorial() {
        Transcript transcript = Transcript.atScale(0);

        BlockingVsNonBlocking.run(transcript.ctx());

        assertThat(transcript.lines()).containsExactly("Done");
    }

    @Test
    void theBlockingCallRunsOnTheBoundedElasticPool() {
        Transcript transcript = Transcript.atScale(0);

        // What follows main runs on the thread that finished the blocking call.
        StepVerifier.create(BlockingVsNonBlocking.main(transcript.ctx())
                        .then(Mono.fromCallable(() -> Thread.currentThread().getName())))
                .assertNext(thread -> assertThat(thread).startsWith("boundedElastic-"))
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }

    @Test
    void theNonBlockingCallCompletesAfterTwoSeconds() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> BlockingVsNonBlocking.nonBlockingCall(transcript.ctx()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("Done")
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
    }
}
