package dev.reactio.samples.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.Aio;
import dev.reactio.samples.Transcript;
import dev.reactio.samples.protocols.AsyncContextManagerSample.AsyncResource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AsyncContextManagerSampleTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(AsyncContextManagerSample::main))
                .containsExactly("Acquiring resource", "Using resource", "Releasing resource");
    }

    @Test
    void theResourceIsReleasedWhenTheBlockFails() {
        Transcript transcript = Transcript.atScale(0);

        Mono<Object> failing = Aio.using(
                new AsyncResource(transcript.ctx()), resource -> Mono.error(new IllegalStateException("boom")));

        StepVerifier.create(failing).expectErrorMessage("boom").verify(Transcript.HANG_GUARD);
        assertThat(transcript.lines()).containsExactly("Acquiring resource", "Releasing resource");
    }
}
