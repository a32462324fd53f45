/**
 * Samples of the tutorial's async protocols: async generators (异步生成器), async context
 * managers (异步上下文管理器) and async iterators (异步迭代器).
 */
@NullMarked
package dev.reactio.samples.protocols;

import org.jspecify.annotations.NullMarked;
