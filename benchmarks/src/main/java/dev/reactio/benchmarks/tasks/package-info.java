/**
 * Benchmarks of {@code Aio.createTask}: create-and-await throughput (JMH) and the footprint of a
 * million sleeping tasks (a plain {@code main}), each against plain Reactor in the same run.
 */
@NullMarked
package dev.reactio.benchmarks.tasks;

import org.jspecify.annotations.NullMarked;
