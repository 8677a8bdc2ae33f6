package io.wattline.forecasting;

import io.wattline.analytics.kpi.Heatmap;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.TelemetryStore;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    /** The first local hour that starts at or after {@code t}. */
    Instant hourFrom(Instant t) {
        Instant h = hourOf(t);
        return h.isBefore(t) ? h.plusSeconds(3600) : h;
    }

    /** The machine's hourly roll-ups of the local hours in {@code [from, to)} (both hour starts), in time order. */
    List<Rollup> rollups(TelemetryStore telemetry, UUID machine, Instant from, Instant to) {
        if (Heatmap.hourBucketsFit(zone, from, to)) return telemetry.rollups(machine, Resolution.HOUR, from, to);
        List<Rollup> hours = new ArrayList<>();
        for (Rollup q : telemetry.rollups(machine, Resolution.MIN15, from, to)) {
            Instant h = hourOf(q.bucket());
            Rollup last = hours.isEmpty() ? null : hours.getLast();
            if (last != null && last.bucket().equals(h)) hours.set(hours.size() - 1, last.plus(q));
            else hours.add(Rollup.empty(h).plus(q));
        }
        return hours;
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
