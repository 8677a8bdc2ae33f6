package io.wattline.http;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Lambda invocation a thread is serving, as far as work that outlives it needs to know: its deadline, when Lambda
 * stops it (the context's remaining time at the start). A run that records "running" records this too, so that a
 * reader knows when it has stopped without an outcome (a timeout, a crash) instead of guessing a bound.
 */
public final class Invocation {
    private static final ThreadLocal<Instant> DEADLINE = new ThreadLocal<>();
    /** How long after its deadline a run still recorded as running is known to have stopped (other instances' clocks). */
    public static final java.time.Duration GRACE = java.time.Duration.ofMinutes(1);

    private Invocation() {}

    /** This thread's invocation deadline; empty outside an invocation (tests, the local cloud's own calls). */
    public static Optional<Instant> deadline() {
        return Optional.ofNullable(DEADLINE.get());
    }

    /** Whether an invocation with this deadline has surely ended by {@code now} (false for none known). */
    public static boolean ended(Instant deadline, Instant now) {
        return deadline != null && deadline.plus(GRACE).isBefore(now);
    }

    /** Runs {@code work} as an invocation that Lambda stops at {@code deadline} (null: none known). */
    public static <T> T until(Instant deadline, Supplier<T> work) {
        Instant outer = DEADLINE.get();
        DEADLINE.set(deadline);
        try {
            return work.get();
        } finally {
            if (outer == null) DEADLINE.remove();
            else DEADLINE.set(outer);
        }
    }
}
