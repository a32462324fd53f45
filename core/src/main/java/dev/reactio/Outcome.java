package dev.reactio;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one awaited source ended: with a value or with an error. Reactio's slot of
 * {@code asyncio.gather(..., return_exceptions=True)}.
 *
 * <pre>{@code
 * List<Outcome<String>> all = Aio.run(Aio.gatherSettled(fetch(1), fetch(2)));
 * for (Outcome<String> o : all) {
 *     switch (o) {
 *         case Outcome.Success<String> s -> use(s.value());
 *         case Outcome.Failure<String> f -> log(f.error());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the value
 * @see Aio#gatherSettled(java.util.List)
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

    /**
     * Tells whether the source produced a value (possibly {@code null}) rather than an error.
     *
     * @return {@code true} for {@link Success}, {@code false} for {@link Failure}
     */
    boolean isSuccess();

    /**
     * A source that completed, with its value, or {@code null} if it completed empty
     * (a coroutine that returned {@code None}).
     *
     * @param value the value, or {@code null} for an empty source
     * @param <T> the type of the value
     */
    record Success<T>(@Nullable T value) implements Outcome<T> {
        @Override
        public boolean isSuccess() {
            return true;
        }
    }

    /**
     * A source that failed, with its error.
     *
     * @param error the error the source signalled
     * @param <T> the type the value would have had
     */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /**
         * Creates a failure.
         *
         * @param error the error, not null
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }
    }
}
