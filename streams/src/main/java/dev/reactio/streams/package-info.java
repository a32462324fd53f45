/**
 * asyncio's streams on reactor-netty ({@code start_server}, {@code open_connection},
 * {@code StreamReader}, {@code StreamWriter}) and aiofiles-style asynchronous files.
 */
@NullMarked
package dev.reactio.streams;

import org.jspecify.annotations.NullMarked;
