package dev.reactio.benchmarks.streams;

import reactor.netty.resources.LoopResources;

/** Argument parsing and event-loop sizing shared by the echo servers. */
final class EchoLoops {

    private EchoLoops() {}

    /**
     * The event loops of an echo server: {@code LoopResources.create("echo", n, true)}, the same
     * for the Reactio and the raw reactor-netty server.
     */
    static LoopResources create(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("loops must be at least 1, but was " + n);
        }
        return LoopResources.create("echo", n, true);
    }

    static int intArg(String[] args, int index, int defaultValue) {
        return args.length > index ? Integer.parseInt(args[index]) : defaultValue;
    }

    static String stringArg(String[] args, int index, String defaultValue) {
        return args.length > index ? args[index] : defaultValue;
    }
}
