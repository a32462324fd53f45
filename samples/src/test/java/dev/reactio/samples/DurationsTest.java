package dev.reactio.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void realTimeKeepsTheTutorialsSeconds() {
        assertThat(Durations.real().seconds(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.real().seconds(0.5)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void fastScaleMakesEverySecondTenMilliseconds() {
        Durations fast = Durations.scaledBy(Samples.FAST_SCALE);

        assertThat(fast.seconds(1)).isEqualTo(Duration.ofMillis(10));
        assertThat(fast.seconds(0.5)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void scaleZeroMakesEveryDurationZero() {
        assertThat(Durations.scaledBy(0).seconds(5)).isEqualTo(Duration.ZERO);
    }

    @Test
    void negativeOrNonFiniteScalesAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.scaledBy(-1))
                .withMessage("Time scale must be a finite number >= 0, but was -1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.scaledBy(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.scaledBy(Double.POSITIVE_INFINITY));
    }

    @Test
    void negativeSecondsAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.real().seconds(-0.5))
                .withMessage("seconds must be a finite number >= 0, but was -0.5");
    }
}
