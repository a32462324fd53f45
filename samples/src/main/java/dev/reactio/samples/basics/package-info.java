/**
 * Samples of the tutorial's "Coroutine basics" section (协程基础): {@code async}/{@code await}
 * and creating tasks.
 */
@NullMarked
package dev.reactio.samples.basics;

import org.jspecify.annotations.NullMarked;
