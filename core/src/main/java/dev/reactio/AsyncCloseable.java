package dev.reactio;

import reactor.core.publisher.Mono;

/**
 * A resource closed asynchronously: Python's {@code aclose()}, as used by
 * {@code contextlib.aclosing}. Scope one with
 * {@link Aio#using(Mono, java.util.function.Function)}.
 *
 * <h2>The contract of {@code aclose()}</h2>
 * Every implementation in Reactio keeps it, and {@code Aio.using} relies on it:
 * <ul>
 * <li><b>Cold:</b> calling {@code aclose()} does nothing; the resource starts closing when the
 *     returned {@code Mono} is subscribed. A type that offers a void {@code close()} too (such
 *     as {@code StreamServer} or {@code ClientSession}) makes that one the eager form: it starts
 *     closing at once, and returns before the close has finished.</li>
 * <li><b>Idempotent:</b> the resource is closed once, however many times {@code aclose()} is
 *     called and its {@code Mono}s subscribed. A later subscriber completes when that one close
 *     completes (at once if it has), and gets its error if it failed.</li>
 * <li><b>Completes when closed:</b> the {@code Mono} completes empty once the resource is
 *     closed, not merely once closing began; each type says what "closed" covers.</li>
 * <li><b>Errors only if closing failed:</b> for example when writing out a buffer fails. A
 *     resource that was closed already, or was being closed by someone else, is no error.</li>
 * <li><b>Cancelling</b> a subscriber stops its waiting, not the close it started.</li>
 * </ul>
 * Being cold is what makes {@code work.then(resource.aclose())} close after {@code work}: an
 * eager {@code aclose()} would close the resource while that chain is still being built.
 * <pre>{@code
 * Mono<Void> close = resource.aclose();   // nothing happens yet
 * close.then(resource.aclose()).block();  // closes once; both complete when it is closed
 * }</pre>
 */
@FunctionalInterface
public interface AsyncCloseable {

    /**
     * Closes this resource. Reactio's {@code aclose()}.
     * <p>Nothing happens until subscribed; then the resource is closed once, whoever subscribes
     * (see the class Javadoc). Cancelling does not stop the closing.
     *
     * @return a cold {@code Mono} that completes when the resource is closed, and errors only if
     *     closing it failed
     */
    Mono<Void> aclose();
}
