/**
 * Implementation details of Reactio core; not API, may change in any release.
 */
@NullMarked
package dev.reactio.internal;

import org.jspecify.annotations.NullMarked;
