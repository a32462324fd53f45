package dev.reactio.internal;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Passes Reactio's publishers through Reactor's assembly hooks, as reactor-core's own operators
 * do, so that {@code Hooks.onOperatorDebug()}, {@code checkpoint()} and
 * {@code Hooks.onEachOperator} see them: {@code return Assembly.MONO.apply(new MonoSleep<>(...))}.
 * <p>{@code Mono.onAssembly} and {@code Flux.onAssembly} are protected, so only a subclass can
 * call them. {@link #MONO} and {@link #FLUX} are bound to them through {@code LambdaMetafactory}:
 * their frames are hidden, so the assembly trace's first frame is the Reactio method that called
 * them ({@code dev.reactio.Aio.waitFor(...)}), not this helper. A plain helper method would show
 * up instead of the Reactio entry. With no hook installed each call is a couple of static reads
 * and returns its argument, allocating nothing, so it is applied per call even to cached
 * {@code Mono}s.
 */
public final class Assembly {

    /** {@code Mono.onAssembly}. */
    public static final MonoHook MONO = MonoHooks.bind();

    /** {@code Flux.onAssembly}. */
    public static final FluxHook FLUX = FluxHooks.bind();

    private Assembly() {}

    /** Applies the assembly hooks to a {@code Mono}. */
    public interface MonoHook {
        /**
         * Applies the installed assembly hooks.
         *
         * @param source the publisher just assembled
         * @param <T> the value type
         * @return {@code source}, or what the installed hooks made of it
         */
        <T> Mono<T> apply(Mono<T> source);
    }

    /** Applies the assembly hooks to a {@code Flux}. */
    public interface FluxHook {
        /**
         * Applies the installed assembly hooks.
         *
         * @param source the publisher just assembled
         * @param <T> the value type
         * @return {@code source}, or what the installed hooks made of it
         */
        <T> Flux<T> apply(Flux<T> source);
    }

    private static Object bind(MethodHandles.Lookup lookup, Class<?> type, Class<?> hook) throws Throwable {
        MethodType signature = MethodType.methodType(type, type);
        MethodHandle onAssembly = lookup.findStatic(type, "onAssembly", signature);
        return LambdaMetafactory.metafactory(
                        lookup, "apply", MethodType.methodType(hook), signature, onAssembly, signature)
                .getTarget()
                .invoke();
    }

    private abstract static class MonoHooks<T> extends Mono<T> {
        static MonoHook bind() {
            try {
                return (MonoHook) Assembly.bind(MethodHandles.lookup(), Mono.class, MonoHook.class);
            } catch (Throwable e) {
                // Only a JVM that refuses the binding gets here: the hooks still run, and the
                // trace then shows this class's frame instead of the Reactio entry's.
                return new MonoHook() {
                    @Override
                    public <V> Mono<V> apply(Mono<V> source) {
                        return onAssembly(source);
                    }
                };
            }
        }
    }

    private abstract static class FluxHooks<T> extends Flux<T> {
        static FluxHook bind() {
            try {
                return (FluxHook) Assembly.bind(MethodHandles.lookup(), Flux.class, FluxHook.class);
            } catch (Throwable e) {
                return new FluxHook() {
                    @Override
                    public <V> Flux<V> apply(Flux<V> source) {
                        return onAssembly(source);
                    }
                };
            }
        }
    }
}
