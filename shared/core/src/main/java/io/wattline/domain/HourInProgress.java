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
    private HourInProgress() {}

    /** The start of the hour in progress at {@code now} (the UTC hour, as counts and roll-ups are kept). */
    public static Instant at(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS);
    }

    /** Whether the hour in progress, with this energy and these units inside the period, is left out per unit. */
    public static boolean awaitsItsCount(double energyKwh, long units) {
        return units <= 0 && energyKwh > 0;
    }

    /** What a per-unit figure that left out the hour starting at {@code hour} says. */
    public static String note(Instant hour) {
        return "Per unit over the hours before " + io.wattline.http.Times.iso(hour)
                + ": the hour in progress has its energy metered and no production count yet";
    }
}
