/**
 * An aiohttp-style HTTP client session; delivered by a later issue.
 */
@NullMarked
package dev.reactio.http;

import org.jspecify.annotations.NullMarked;
