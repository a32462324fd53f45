/**
 * JMH benchmarks of {@code Aio.gather} against a hand-written {@code Mono.zip}.
 */
@NullMarked
package dev.reactio.benchmarks.gather;

import org.jspecify.annotations.NullMarked;
