package dev.reactio.http;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long a request may take: aiohttp's {@code ClientTimeout(total, connect, sock_read)}. A
 * {@code null} field means "no limit". Every timeout surfaces as a
 * {@link java.util.concurrent.TimeoutException} whose message says which one fired.
 *
 * @param total the whole exchange, from subscribing to the body read (waiting for a free
 *     connection included, as in aiohttp); default 5 minutes
 * @param connect establishing a new connection (TCP and TLS); waiting for a pooled one is not
 *     counted here
 * @param sockRead the longest pause between two reads from the socket once the request is sent;
 *     time spent waiting for a connection is not counted
 */
public record ClientTimeout(
        @Nullable Duration total,
        @Nullable Duration connect,
        @Nullable Duration sockRead) {

    /** aiohttp's default: 5 minutes in total, no other limit. */
    public static final ClientTimeout DEFAULT = new ClientTimeout(Duration.ofMinutes(5), null, null);

    /** No limit at all. */
    public static final ClientTimeout NONE = new ClientTimeout(null, null, null);

    /**
     * @throws IllegalArgumentException if a duration is zero or negative
     */
    public ClientTimeout {
        check("total", total);
        check("connect", connect);
        check("sockRead", sockRead);
    }

    /**
     * Only a total limit: {@code aiohttp.ClientTimeout(total=...)}.
     *
     * @param total the whole exchange
     * @return a timeout with only {@code total} set
     */
    public static ClientTimeout total(Duration total) {
        return new ClientTimeout(total, null, null);
    }

    /**
     * @param connect the connect limit, or {@code null} for none
     * @return a copy with {@code connect} replaced
     */
    public ClientTimeout withConnect(@Nullable Duration connect) {
        return new ClientTimeout(total, connect, sockRead);
    }

    /**
     * @param sockRead the read limit, or {@code null} for none
     * @return a copy with {@code sockRead} replaced
     */
    public ClientTimeout withSockRead(@Nullable Duration sockRead) {
        return new ClientTimeout(total, connect, sockRead);
    }

    /**
     * @param total the total limit, or {@code null} for none
     * @return a copy with {@code total} replaced
     */
    public ClientTimeout withTotal(@Nullable Duration total) {
        return new ClientTimeout(total, connect, sockRead);
    }

    private static void check(String name, @Nullable Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(
                    "ClientTimeout." + name + " must be positive (or null for no limit), but was " + d);
        }
    }
}
