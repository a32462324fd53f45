package dev.reactio.samples.webflux;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Gives every request an id and puts it in the Reactor {@code Context}, where Reactio's
 * {@code Aio.spawn} picks it up for the tasks it starts (asyncio copies {@code contextvars} into
 * a new task the same way).
 * <p>The id is the request's {@code X-Request-Id} header when it is a short token of letters,
 * digits, {@code -}, {@code _} and {@code .}; otherwise a new UUID. It is echoed in the
 * response's {@code X-Request-Id} header.
 */
@Component
public class RequestIdFilter implements WebFilter {

    /** The header that carries the id, in the request and in the response. */
    public static final String HEADER = "X-Request-Id";

    /** The Reactor {@code Context} key under which the id is stored. */
    public static final String CONTEXT_KEY = "reactio.sample.requestId";

    // Ids are echoed into headers and forwarded upstream: accept only harmless ones.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Creates the filter.
     */
    public RequestIdFilter() {}

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && VALID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        exchange.getResponse().getHeaders().set(HEADER, id);
        return chain.filter(exchange).contextWrite(Context.of(CONTEXT_KEY, id));
    }

    /**
     * The request id of the current request.
     *
     * @param context the subscriber's context
     * @return the id, or {@code "none"} outside a request
     */
    public static String requestId(ContextView context) {
        return context.getOrDefault(CONTEXT_KEY, "none");
    }
}
