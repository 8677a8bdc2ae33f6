package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * Good units (and optionally rejects) produced in the UTC hour that holds the timestamp: timestamps are stored as sent,
 * not rounded, and a count at 02:45 covers 02:00-03:00, taken as even within it ({@link #unitsWithin}).
 */
public record ProductionCount(UUID machineId, Instant timestamp, long productionCount, long badCount) {
    private static final long HOUR_MS = 3_600_000L;

    /**
     * The whole units of {@code units}, the count of the UTC hour starting at {@code hour}, that fall in {@code [from, to)}:
     * production is taken as even within its hour, and each part is the rounded share up to its end less the rounded
     * share up to its start, so that the parts of an hour add up to its count (7 units split at the half hour are 4 and
     * 3; rounded each, 4 and 4 made a unit that was never produced). The one rule for a count split by a period's edge
     * (the KPIs) or by a local hour on the half hour (the forecasts' hours in India, Nepal, Lord Howe Island).
     */
    public static long unitsWithin(long units, Instant hour, Instant from, Instant to) {
        if (!from.isBefore(to)) return 0;
        return Math.round(units * elapsed(hour, to)) - Math.round(units * elapsed(hour, from));
    }

    /** The share of the hour from {@code hour} gone by at {@code t}, in [0, 1]. */
    private static double elapsed(Instant hour, Instant t) {
        long ms = t.toEpochMilli() - hour.toEpochMilli();
        return ms <= 0 ? 0 : ms >= HOUR_MS ? 1 : (double) ms / HOUR_MS;
    }
}
