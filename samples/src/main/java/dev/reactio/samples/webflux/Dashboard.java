package dev.reactio.samples.webflux;

/**
 * The JSON answer of {@code GET /dashboard}: one part per upstream call, all made at once.
 *
 * @param requestId the request's id, as the spawned fan-out task read it from the Reactor
 *     {@code Context}
 * @param slideshow the title of httpbin's {@code /json} slideshow
 * @param limited the {@code X-Request-Id} httpbin's {@code /get} received, called under the
 *     semaphore
 * @param slow httpbin's {@code /delay/{n}}, bounded by {@code Aio.waitFor}
 */
public record Dashboard(String requestId, Part slideshow, Part limited, Part slow) {

    /**
     * What one upstream call gave.
     *
     * @param upstream the path that was called
     * @param value what the dashboard shows for it
     * @param fallback {@code true} when the call did not answer in time and {@code value} is the
     *     fallback
     */
    public record Part(String upstream, String value, boolean fallback) {}
}
