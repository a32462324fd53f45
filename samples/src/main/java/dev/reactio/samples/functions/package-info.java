/**
 * Samples of the tutorial's "Async functions" section (异步函数): blocking versus non-blocking
 * calls and {@code run_in_executor}.
 */
@NullMarked
package dev.reactio.samples.functions;

import org.jspecify.annotations.NullMarked;
