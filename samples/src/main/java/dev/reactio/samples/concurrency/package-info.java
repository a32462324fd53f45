/**
 * Samples of the tutorial's "Concurrent execution" section (并发执行): {@code gather},
 * {@code wait} and {@code wait_for}.
 */
@NullMarked
package dev.reactio.samples.concurrency;

import org.jspecify.annotations.NullMarked;
