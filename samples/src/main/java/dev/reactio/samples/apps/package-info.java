/**
 * Tutorial section "Async best practices &gt; When to use asyncio" (何时使用 asyncio): two of the
 * applications it names, written out — a chat server (real-time apps) and a crawler.
 */
@NullMarked
package dev.reactio.samples.apps;

import org.jspecify.annotations.NullMarked;
