/**
 * Tutorial chapter "Streaming I/O" (流式 I/O): files and network streams.
 */
@NullMarked
package dev.reactio.samples.streams;

import org.jspecify.annotations.NullMarked;
