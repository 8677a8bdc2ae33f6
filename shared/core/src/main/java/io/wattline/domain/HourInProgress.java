package io.wattline.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Machines post their production count at each hour's end, so the hour in progress can have its energy metered and no
 * count yet. Per-unit figures (the KPIs' SEC, cost and CO2 per unit, and {@code /timeseries/sec}'s buckets longer than
 * an hour) leave such an hour out until its count arrives: "today's" SEC read 1.56 kWh/unit through each hour against
 * 1.37 for the hours settled, and fell when the count landed. One rule for every route that divides by units.
 */
public final class HourInProgress {
    /** A whole hour as the APIs write times ({@code 2024-07-17T12:00:00+00:00}). */
    private static final java.time.format.DateTimeFormatter WIRE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(java.time.ZoneOffset.UTC);

    private HourInProgress() {}

    /** The start of the hour in progress at {@code now} (the UTC hour, as counts and roll-ups are kept). */
    public static Instant at(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS);
    }

    /** The part of the hour in progress at {@code now} inside {@code [from, to)}, as {from, to}; null if none. */
    public static Instant[] within(Instant now, Instant from, Instant to) {
        Instant hour = at(now), end = hour.plus(1, ChronoUnit.HOURS);
        Instant lo = from.isAfter(hour) ? from : hour, hi = to.isBefore(end) ? to : end;
        return lo.isBefore(hi) ? new Instant[]{lo, hi} : null;
    }

    /** Whether the hour in progress, with this energy and these units inside the period, is left out per unit. */
    public static boolean awaitsItsCount(double energyKwh, long units) {
        return units <= 0 && energyKwh > 0;
    }

    /** What a per-unit figure that left out the hour starting at {@code hour} says. */
    public static String note(Instant hour) {
        return "Per unit over the hours before " + WIRE_TIME.format(hour)
                + ": the hour in progress has its energy metered and no production count yet";
    }
}
