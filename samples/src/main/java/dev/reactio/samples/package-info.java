/**
 * The runnable examples of the asyncio tutorial, ported to Reactio, and the command-line runner
 * ({@link dev.reactio.samples.Samples}) that lists and runs them.
 */
@NullMarked
package dev.reactio.samples;

import org.jspecify.annotations.NullMarked;
