/**
 * Reactio's {@code asyncio}: {@link dev.reactio.Aio} (run, sleep, tasks, gather, wait, wait_for,
 * shield, threads, async generators and context managers), {@link dev.reactio.Task} and
 * {@link dev.reactio.TaskGroup}, as cold Reactor {@code Mono}/{@code Flux} building blocks.
 */
@NullMarked
package dev.reactio;

import org.jspecify.annotations.NullMarked;
