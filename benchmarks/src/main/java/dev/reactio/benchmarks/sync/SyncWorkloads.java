package dev.reactio.benchmarks.sync;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Sizes and building blocks shared by the sync benchmarks. */
final class SyncWorkloads {

    /** Operations (or items) per JMH invocation, in every shape but the event one. */
    static final int OPS = 20_000;
    /** Concurrent workers in the contended shapes. */
    static final int WORKERS = 10;

    private SyncWorkloads() {}

    /**
     * {@code workers} Reactio workers, each subscribing {@code op} {@code opsPerWorker} times in
     * a row ({@code repeat}), all started together: {@code Mono.when}. The result is cold and
     * can be run again.
     *
     * @param guarded builds one guarded operation ({@code withLock}/{@code withPermit}) from a body
     * @param body the critical section
     */
    static Mono<Void> reactioWorkers(
            int workers, int opsPerWorker, Function<Mono<Void>, Mono<Void>> guarded, Mono<Void> body) {
        Mono<Void> worker = guarded.apply(body).repeat(opsPerWorker - 1L).then();
        return Mono.when(Collections.nCopies(workers, worker));
    }

    /** Bytes allocated so far by the calling thread (exact: HotSpot counts TLAB use). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Checks that a benchmark's run did its work. */
    static void check(String what, long expected, long actual) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected " + expected + " but got " + actual);
        }
    }
}
