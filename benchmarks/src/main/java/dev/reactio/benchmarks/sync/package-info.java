/**
 * Benchmarks of Reactio's synchronization primitives ({@code dev.reactio.sync}): each shape
 * measured for Reactio, {@code java.util.concurrent} (which blocks threads) and
 * kotlinx.coroutines in the same JMH run; Python's side is {@code benchmarks/python/sync_bench.py}.
 */
@NullMarked
package dev.reactio.benchmarks.sync;

import org.jspecify.annotations.NullMarked;
