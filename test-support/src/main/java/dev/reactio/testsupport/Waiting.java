package dev.reactio.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility with the tests' polling: the first check at once, then every few milliseconds (its
 * default is a check every 100 ms, which would add up over hundreds of short waits). Every wait
 * names what it waits for and gives its own hang guard, never a timing claim:
 * {@code Waiting.await("the server to forget the connection").atMost(GUARD).until(() -> ...)}.
 */
public final class Waiting {

    private static final Duration POLL = Duration.ofMillis(5);

    private Waiting() {}

    /** A wait for {@code what} (named in the failure), polled from the first moment. */
    public static ConditionFactory await(String what) {
        return Awaitility.await(what).pollDelay(Duration.ZERO).pollInterval(POLL);
    }
}
