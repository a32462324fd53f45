/**
 * asyncio-style TCP streams and aiofiles-style files; delivered by a later issue.
 */
@NullMarked
package dev.reactio.streams;

import org.jspecify.annotations.NullMarked;
