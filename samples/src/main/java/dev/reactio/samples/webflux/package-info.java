/**
 * A Spring Boot WebFlux service that uses Reactio inside its handlers: a fan-out with
 * {@code Aio.gather}, a semaphore and a timeout, an async generator streamed as Server-Sent
 * Events, and a request id carried by the Reactor {@code Context} into spawned tasks.
 */
@NullMarked
package dev.reactio.samples.webflux;

import org.jspecify.annotations.NullMarked;
