package dev.reactio.internal;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.reactivestreams.Publisher;
import reactor.core.CorePublisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Hooks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Reactio's part of Reactor's automatic context propagation: the registered {@link ThreadLocal}s
 * (MDC, trace ids) that Micrometer's {@code context-propagation} bridges to the Reactor
 * {@code Context} once {@link Hooks#enableAutomaticContextPropagation()} is on. Reactor restores
 * them where signals cross threads inside its own operators; these are the places where Reactio
 * starts work itself: a task copies them at creation (asyncio's {@code create_task} copies the
 * current contextvars), {@code Aio.run} captures them as {@code Mono.block()} does, and a body
 * that a primitive starts on the releasing thread, or a call handed to an executor, runs with its
 * subscriber's values instead of that thread's.
 * <p>The library is optional. Every method first asks Reactor whether propagation is on, which
 * is never the case without the library, and only then touches {@link Micrometer}, the one class
 * that names its types: without the library that class is never loaded and nothing changes.
 */
public final class ThreadLocalContext {

    private ThreadLocalContext() {}

    /**
     * Whether Reactor propagates ThreadLocals automatically.
     *
     * @return {@link Hooks#isAutomaticContextPropagationEnabled()}: false without context-propagation
     */
    public static boolean enabled() {
        return Hooks.isAutomaticContextPropagationEnabled();
    }

    /**
     * {@code context} plus the values of the registered ThreadLocals of the calling thread, which
     * win over the context's own (as {@code Mono.contextCapture()} does); {@code context}
     * unchanged when propagation is off.
     *
     * @param context the context to add to
     * @return the captured context
     */
    public static Context capture(ContextView context) {
        Context c = Context.of(context);
        return enabled() ? Micrometer.capture(c) : c;
    }

    /**
     * Subscribes {@code subscriber} to {@code source} with the registered ThreadLocals set from
     * the subscriber's context for the duration of the call; see {@link #runWith}. Plain
     * {@code source.subscribe(subscriber)} when propagation is off.
     *
     * @param source what to subscribe to
     * @param subscriber its subscriber, whose context the source's synchronous part must see
     * @param <T> the value type
     */
    public static <T> void subscribe(Publisher<T> source, CoreSubscriber<? super T> subscriber) {
        if (enabled()) {
            Micrometer.runWith(subscriber.currentContext(), () -> subscribeDirectly(source, subscriber));
        } else {
            subscribeDirectly(source, subscriber);
        }
    }

    /**
     * As Reactor's operators subscribe to their source: a {@code Mono}/{@code Flux} straight
     * through {@link CorePublisher#subscribe(CoreSubscriber)}, not through
     * {@link Publisher#subscribe}, whose last-operator hook and subscriber checks cost a task start
     * (or a {@code withPermit} body) a third of its time.
     */
    @SuppressWarnings("unchecked")
    private static <T> void subscribeDirectly(Publisher<T> source, CoreSubscriber<? super T> subscriber) {
        if (source instanceof CorePublisher) {
            ((CorePublisher<T>) source).subscribe(subscriber);
        } else {
            source.subscribe(subscriber);
        }
    }

    /**
     * Runs {@code action} now, on this thread, with the registered ThreadLocals set from
     * {@code context} and those missing from it cleared (so a releasing thread's own values do
     * not leak into a waiter's work); the thread's own values come back afterwards. Just runs
     * {@code action} when propagation is off.
     *
     * @param context the context whose values {@code action} must see
     * @param action the work
     */
    public static void runWith(ContextView context, Runnable action) {
        if (enabled()) {
            Micrometer.runWith(context, action);
        } else {
            action.run();
        }
    }

    /**
     * {@code task}, running with the ThreadLocals of {@code context} (see {@link #runWith}) on
     * whatever thread runs it; {@code task} itself when propagation is off.
     *
     * @param context the context whose values the task must see
     * @param task the work
     * @return the work to hand to an executor
     */
    public static Runnable wrap(ContextView context, Runnable task) {
        return enabled() ? () -> Micrometer.runWith(context, task) : task;
    }

    /**
     * Everything that names a context-propagation type. Loaded on first use, which happens only
     * once Reactor reports automatic propagation on, so never without the library.
     */
    private static final class Micrometer {

        /** Reactor's own choice in automatic mode: a value absent from the context is cleared. */
        static final ContextSnapshotFactory FACTORY =
                ContextSnapshotFactory.builder().clearMissing(true).build();

        static Context capture(Context context) {
            return FACTORY.captureAll().updateContext(context);
        }

        @SuppressWarnings("try") // the scope is only closed
        static void runWith(ContextView context, Runnable action) {
            try (ContextSnapshot.Scope ignored = FACTORY.setThreadLocalsFrom(context)) {
                action.run();
            }
        }
    }
}
