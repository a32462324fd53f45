/**
 * An embedded httpbin-compatible HTTP server for tests and samples: {@link dev.reactio.http.testing.HttpBinServer}.
 */
@NullMarked
package dev.reactio.http.testing;

import org.jspecify.annotations.NullMarked;
