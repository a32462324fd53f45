package dev.reactio.streams;

/** Argument checks shared by {@link ServerOptions} and {@link ClientOptions}. */
final class Options {

    private Options() {
    }

    static int checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, but was " + limit);
        }
        return limit;
    }

    static int checkHighWater(int highWater) {
        if (highWater < 0) {
            throw new IllegalArgumentException("highWater must be 0 or more bytes, but was " + highWater);
        }
        return highWater;
    }
}
