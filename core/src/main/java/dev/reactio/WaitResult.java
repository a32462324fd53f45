package dev.reactio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The two sets that {@link Aio#wait(java.util.Collection, ReturnWhen)} returns: asyncio's
 * {@code done, pending = await asyncio.wait(tasks)}. Both sets keep the order of the tasks
 * given to {@code wait} and are unmodifiable.
 *
 * @param done the tasks that were done when {@code wait} returned
 * @param pending the tasks that were not done yet
 * @param <T> the tasks' value type
 */
public record WaitResult<T>(Set<Task<T>> done, Set<Task<T>> pending) {

    /**
     * Creates a result, copying both sets.
     *
     * @param done the finished tasks, not null
     * @param pending the unfinished tasks, not null
     */
    public WaitResult {
        done = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(done, "done")));
        pending = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(pending, "pending")));
    }
}
