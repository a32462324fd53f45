package dev.reactio.samples.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reactio.samples.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class GreetTest {

    @Test
    void printsLikeTheTutorial() {
        assertThat(Transcript.ofVirtualTime(Greet::main))
                .containsExactly("Hello, Alice!", "Goodbye, Alice!", "Greeted Alice");
    }

    @Test
    void greetSaysGoodbyeOneSecondAfterHello() {
        Transcript transcript = Transcript.atScale(1);

        StepVerifier.withVirtualTime(() -> Greet.greet(transcript.ctx(), "Bob"))
                .expectSubscription()
                .then(() -> assertThat(transcript.lines()).containsExactly("Hello, Bob!"))
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("Greeted Bob")
                .expectComplete()
                .verify(Transcript.HANG_GUARD);
        assertThat(transcript.lines()).containsExactly("Hello, Bob!", "Goodbye, Bob!");
    }

    @Test
    void greetDoesNothingUntilSubscribed() {
        Transcript transcript = Transcript.atScale(0);

        Greet.greet(transcript.ctx(), "Alice");

        assertThat(transcript.lines()).isEmpty();
    }
}
