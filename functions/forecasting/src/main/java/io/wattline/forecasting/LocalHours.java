package io.wattline.forecasting;

import io.wattline.analytics.kpi.Heatmap;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.TelemetryStore;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The hours a factory's forecasts are made of: its local hours, as the heatmap, the peak's local day and the schedule
 * count them. Where the zone's offset is whole hours they are the UTC hours of the hourly roll-ups; where it is not
 * (India +05:30, Adelaide +09:30/+10:30, Nepal +05:45) each is summed from the 15-minute roll-ups, as the heatmap does
 * ({@link Heatmap#hourBucketsFit}). Forecast on UTC hours, such a factory's hours were half an hour off its clock: the
 * peak of a day named 14:30 for a shift that starts at 14:00, and each hour of a schedule priced at the forecast of the
 * hour that began half an hour before it.
 */
record LocalHours(ZoneId zone) {

    /** The start of the local hour that holds {@code t}. */
    Instant hourOf(Instant t) {
        return t.atZone(zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    /**
     * The start of the local hour after the one that holds {@code t}: an hour later where that starts an hour (the hour
     * the clock shows twice when it goes back a whole hour is two of them, as the hourly roll-ups keep it), else the
     * next hour on the clock (on Lord Howe Island the clock moves by half an hour, so a local hour there can be 30 or 90
     * minutes long).
     */
    Instant nextHour(Instant t) {
        Instant later = hourOf(t).plusSeconds(3600);
        Instant onClock = t.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.HOURS).plusHours(1).atZone(zone).toInstant();
        return later.isBefore(onClock) && hourOf(later).equals(later) ? later : onClock;
    }

    /** The starts of {@code n} local hours from {@code start} (an hour start) and the end of the last, in epoch seconds. */
    long[] starts(Instant start, int n) {
        long[] out = new long[n + 1];
        Instant t = start;
        for (int i = 0; i <= n; i++, t = nextHour(t)) out[i] = t.getEpochSecond();
        return out;
    }

    /** How many local hours from {@code from} (an hour start) start before {@code to}. */
    int hoursBetween(Instant from, Instant to) {
        int n = 0;
        for (Instant t = from; t.isBefore(to); t = nextHour(t)) n++;
        return n;
    }

    /** The first local hour that starts at or after {@code t}. */
    Instant hourFrom(Instant t) {
        Instant h = hourOf(t);
        return h.isBefore(t) ? nextHour(t) : h;
    }

    /**
     * The machine's hourly roll-ups of the local hours in {@code [from, to)} (both hour starts), in time order. A
     * production count covers its UTC hour ({@link ProductionCount}): where a local hour is not a UTC one, each UTC
     * hour's count (the sum of its quarters) is shared between the local hours it straddles by
     * {@link ProductionCount#unitsWithin}, as the KPIs share an hour a period's edge cuts. Booked whole in the local hour
     * its quarter fell in, a press in Kolkata that ran 08:00-16:00 "ran" 07:00-15:00 on the schedule's count; split
     * quarter by quarter, each rounded on its own, four counts of 1 at 02:00-02:45 UTC were 4 units in the hour from
     * 07:00 local and none in 08:00's (the KPIs: 2 and 2).
     */
    List<Rollup> rollups(TelemetryStore telemetry, UUID machine, Instant from, Instant to) {
        if (Heatmap.hourBucketsFit(zone, from, to)) return telemetry.rollups(machine, Resolution.HOUR, from, to);
        TreeMap<Instant, Rollup> hours = new TreeMap<>();
        // the UTC hours that hold from and to are read whole: the range has a share of each one's count
        Instant firstUtc = from.truncatedTo(ChronoUnit.HOURS), lastUtc = to.truncatedTo(ChronoUnit.HOURS);
        Instant readTo = lastUtc.equals(to) ? to : lastUtc.plusSeconds(3600);
        TreeMap<Instant, long[]> counted = new TreeMap<>(); // UTC hour -> {good, bad}
        for (Rollup q : telemetry.rollups(machine, Resolution.MIN15, firstUtc, readTo)) {
            if (q.samples() > 0 && !q.bucket().isBefore(from) && q.bucket().isBefore(to)) {
                Instant h = hourOf(q.bucket());
                Rollup metered = new Rollup(q.bucket(), q.energyKwh(), q.powerSum(), q.powerMax(), q.samples(), 0, 0);
                hours.merge(h, Rollup.empty(h).plus(metered), Rollup::plus);
            }
            if (q.production() == 0 && q.bad() == 0) continue;
            long[] units = counted.computeIfAbsent(q.bucket().truncatedTo(ChronoUnit.HOURS), k -> new long[2]);
            units[0] += q.production();
            units[1] += q.bad();
        }
        counted.forEach((utcHour, units) -> {
            // the count's UTC hour, cut at each local hour that starts inside it (and at the range's edges)
            Instant utcEnd = utcHour.plusSeconds(3600);
            for (Instant a = utcHour.isBefore(from) ? from : utcHour; a.isBefore(utcEnd) && a.isBefore(to); ) {
                Instant local = hourOf(a), next = nextHour(a), b = next.isBefore(utcEnd) ? next : utcEnd;
                if (b.isAfter(to)) b = to;
                long good = ProductionCount.unitsWithin(units[0], utcHour, a, b);
                long bad = ProductionCount.unitsWithin(units[1], utcHour, a, b);
                if (good != 0 || bad != 0) {
                    hours.merge(local, Rollup.empty(local).plus(new ProductionCount(machine, local, good, bad)), Rollup::plus);
                }
                a = b;
            }
        });
        return List.copyOf(hours.values());
    }

    /**
     * Which local hours the UTC hours of {@code utcHours} (the anomaly log's incident hours) touch: a local hour on the
     * half hour shares its time with two of them.
     */
    static Predicate<Instant> touching(Set<Instant> utcHours) {
        return h -> {
            Instant utc = h.truncatedTo(ChronoUnit.HOURS);
            return utcHours.contains(utc) || !utc.equals(h) && utcHours.contains(utc.plusSeconds(3600));
        };
    }
}
