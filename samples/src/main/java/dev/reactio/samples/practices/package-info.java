/**
 * Samples of the tutorial's "Async best practices" section (异步最佳实践): the recommended
 * patterns, debugging (debug mode, task state, {@code TaskGroup}) and common pitfalls.
 */
@NullMarked
package dev.reactio.samples.practices;

import org.jspecify.annotations.NullMarked;
