package dev.reactio.internal;

import java.util.Set;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;

/**
 * Decides whether a grant signalled to a subscriber went unused, so that a primitive hands it
 * on. Reactive Streams has no acknowledgement, and Reactor's operators mark themselves cancelled
 * <em>before</em> they cancel upstream, silently dropping a signal that arrives in between
 * ({@code timeout}, {@code then}, {@code take(Duration)}, {@code block(Duration)}, a disposed
 * {@code subscribe()}); what reaches the primitive afterwards is a cancel of a subscription it
 * has already signalled, which the specification (§1.6, §3.7) otherwise makes a no-op. So a
 * grant counts as unused only where the subscriber's behaviour is known:
 * <ul>
 * <li>A {@link GrantReceiver} (Reactio's own operators: {@code Aio.waitFor}, {@code Task},
 *     {@code Aio.run}, {@code Aio.gather}, {@code withLock}) answers exactly.</li>
 * <li>Reactor subscribers that never cancel after taking a signal, so that a cancel after one
 *     proves they dropped it (or, for {@code Mono.when}/{@code zip}, that the aggregate failed or
 *     was cancelled before the program could act on it): {@code Mono.subscribe(...)}'s lambda
 *     subscriber, {@code block(Duration)}'s, {@code blockOptional(Duration)}'s,
 *     {@code then}'s, {@code zip}'s and {@code when}'s inner subscribers.</li>
 * <li>Reached through operators that run no code of the program with the signal and never
 *     cancel upstream after passing a signal on ({@code timeout}, {@code onErrorResume},
 *     {@code onErrorReturn}, {@code defaultIfEmpty}, {@code hide}, {@code contextWrite}).
 *     {@code take(Duration)}/{@code takeUntilOther} are not among them: their timer cancels
 *     upstream even after an item went through, so a late cancel proves nothing there.</li>
 * </ul>
 * Any other subscriber (a {@code flatMap} that used the item and is cancelled later, a
 * subscriber of the program's own) keeps what it was told, as the specification says.
 */
public final class Grants {

    /** Reactor subscribers that never cancel after taking a signal: a cancel after one means it was dropped. */
    private static final Set<String> DROPPERS = Set.of(
            "reactor.core.publisher.LambdaMonoSubscriber",
            "reactor.core.publisher.BlockingMonoSubscriber",
            "reactor.core.publisher.BlockingOptionalMonoSubscriber",
            "reactor.core.publisher.MonoIgnoreThen$ThenIgnoreMain",
            "reactor.core.publisher.MonoZip$ZipInner",
            "reactor.core.publisher.MonoWhen$WhenInner");

    /** Reactor operators that pass a signal on without running any code of the program with it. */
    private static final Set<String> PASS_THROUGH = Set.of(
            "reactor.core.publisher.FluxTimeout$TimeoutMainSubscriber",
            "reactor.core.publisher.SerializedSubscriber",
            "reactor.core.publisher.FluxOnErrorResume$ResumeSubscriber",
            "reactor.core.publisher.FluxOnErrorReturn$ReturnSubscriber",
            "reactor.core.publisher.FluxDefaultIfEmpty$DefaultIfEmptySubscriber",
            "reactor.core.publisher.FluxHide$HideSubscriber",
            "reactor.core.publisher.FluxContextWrite$ContextWriteSubscriber");

    private static final int OTHER = 0;
    private static final int RECEIVER = 1;
    private static final int DROPPER = 2;
    private static final int PASS = 3;
    /** How far down a chain of pass-through operators {@link #unused} looks. */
    private static final int MAX_DEPTH = 8;

    /**
     * Per subscriber class: RECEIVER, DROPPER, PASS or OTHER. A plain {@code instanceof} of an
     * interface the class does not implement scans its secondary supertypes on every call
     * (HotSpot caches only hits); waking 10 000 waiters spent two thirds of its time there.
     */
    private static final ClassValue<Integer> KIND = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            if (GrantReceiver.class.isAssignableFrom(type)) {
                return RECEIVER;
            }
            String name = type.getName();
            return DROPPERS.contains(name) ? DROPPER : PASS_THROUGH.contains(name) ? PASS : OTHER;
        }
    };

    private Grants() {}

    /**
     * Whether a grant signalled to {@code subscriber} went unused.
     *
     * @param subscriber the subscriber the grant was signalled to
     * @param lateCancel whether the subscriber has cancelled after the signal
     * @param valueless whether the grant was a completion without a value
     * @return {@code true} if the grant must be handed on
     */
    public static boolean unused(CoreSubscriber<?> subscriber, boolean lateCancel, boolean valueless) {
        Object current = subscriber;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            switch (KIND.get(current.getClass())) {
                case RECEIVER:
                    return ((GrantReceiver) current).grantUnused(lateCancel, valueless);
                case DROPPER:
                    return lateCancel;
                case PASS:
                    current = Scannable.from(current).scanUnsafe(Scannable.Attr.ACTUAL);
                    break;
                default:
                    return false;
            }
        }
        return false;
    }

    /**
     * Claims a grant for {@code subscriber} before it becomes final: only a
     * {@link GrantReceiver} can refuse.
     *
     * @param subscriber the subscriber about to be told
     * @return {@code false} if the subscriber would drop the grant
     */
    public static boolean claim(CoreSubscriber<?> subscriber) {
        return KIND.get(subscriber.getClass()) != RECEIVER || ((GrantReceiver) subscriber).claimGrant();
    }

    /**
     * Whether a grant signalled to {@code subscriber} could ever be handed back, so that even a
     * grant given at once (a free lock, a queue with room) needs a waiter to hand it back through.
     *
     * @param subscriber the subscriber about to be given a grant
     * @return {@code false} for a subscriber that keeps whatever it is told
     */
    public static boolean mayHandBack(CoreSubscriber<?> subscriber) {
        return KIND.get(subscriber.getClass()) != OTHER;
    }
}
