package dev.reactio.samples.webflux;

/**
 * One event of {@code GET /ticks}.
 *
 * @param n this tick's number, from 1
 * @param of how many ticks the stream has
 * @param requestId the id of the request that opened the stream, read by the generator from the
 *     Reactor {@code Context}
 */
public record Tick(int n, int of, String requestId) {}
