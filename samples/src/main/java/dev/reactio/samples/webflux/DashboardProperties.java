package dev.reactio.samples.webflux;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code GET /dashboard}, under the {@code reactio.dashboard} prefix. Immutable.
 *
 * @param limitedPermits {@code reactio.dashboard.limited-permits}: how many calls to the limited
 *     upstream may run at once, across all requests (default 2)
 * @param slowTimeout {@code reactio.dashboard.slow-timeout}: how long to wait for the slow
 *     upstream before answering with the fallback (default 1 s)
 * @param slowDelay {@code reactio.dashboard.slow-delay}: the slow upstream's delay in seconds
 *     when the request names none (default 0.2)
 */
@ConfigurationProperties("reactio.dashboard")
public record DashboardProperties(
        @DefaultValue("2") int limitedPermits,
        @DefaultValue("1s") Duration slowTimeout,
        @DefaultValue("0.2") double slowDelay) {

    /**
     * Checks the values when Spring binds them, so a bad setting stops the start-up.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public DashboardProperties {
        if (limitedPermits < 1) {
            throw new IllegalArgumentException(
                    "reactio.dashboard.limited-permits must be at least 1, but was " + limitedPermits);
        }
        if (slowTimeout.isNegative() || slowTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "reactio.dashboard.slow-timeout must be positive, but was " + slowTimeout);
        }
        if (!(slowDelay >= 0 && slowDelay <= 10)) {
            throw new IllegalArgumentException(
                    "reactio.dashboard.slow-delay must be 0 to 10 seconds, but was " + slowDelay);
        }
    }
}
