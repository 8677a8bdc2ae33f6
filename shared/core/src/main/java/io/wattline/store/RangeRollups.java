package io.wattline.store;

import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Rollups;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Aggregates of a machine's points with timestamps in {@code [from, to)}, in UTC-aligned buckets
 * of any length, labelled by the bucket start. Whole buckets come from the stored roll-ups of the
 * finest resolution that fits the bucket length; only the partial buckets at the two edges of the
 * range read raw points, so a year at one-day buckets reads about 365 roll-up items.
 */
public final class RangeRollups {
    private final TelemetryStore store;

    public RangeRollups(TelemetryStore store) {
        this.store = store;
    }

    /**
     * @param bucket  bucket length (a whole number of minutes, dividing a day or a multiple of days)
     * @param source  the stored resolution to read whole buckets from, or null to read raw points only
     */
    public List<Rollup> buckets(UUID machineId, Duration bucket, Resolution source, Instant from, Instant to) {
        TreeMap<Instant, Rollup> out = new TreeMap<>();
        if (!from.isBefore(to)) return List.of();
        long len = bucket.toMillis();
        if (source == null) {
            addRaw(out, machineId, len, from, to);
            return List.copyOf(out.values());
        }
        long unit = source.length().toMillis();
        Instant innerFrom = Instant.ofEpochMilli(ceil(from.toEpochMilli(), unit));
        Instant innerTo = Instant.ofEpochMilli(Math.floorDiv(to.toEpochMilli(), unit) * unit);
        if (!innerFrom.isBefore(innerTo)) {
            addRaw(out, machineId, len, from, to);
            return List.copyOf(out.values());
        }
        addRaw(out, machineId, len, from, innerFrom);
        for (Rollup r : store.rollups(machineId, source, innerFrom, innerTo)) {
            merge(out, r.at(bucketOf(r.bucket(), len)));
        }
        addRaw(out, machineId, len, innerTo, to);
        return List.copyOf(out.values());
    }

    /**
     * The production of each UTC hour that {@code [from, to)} touches, whole (counts of a touched hour
     * that fall outside the range included), from one read of the hourly roll-ups. Hours without
     * production are absent.
     */
    public Map<Instant, Long> hourlyProduction(UUID machineId, Instant from, Instant to) {
        TreeMap<Instant, Long> out = new TreeMap<>();
        if (!from.isBefore(to)) return out;
        long hour = Resolution.HOUR.length().toMillis();
        Instant last = Instant.ofEpochMilli(ceil(to.toEpochMilli(), hour));
        for (Rollup r : store.rollups(machineId, Resolution.HOUR, Resolution.HOUR.bucketOf(from), last)) {
            if (r.production() > 0) out.put(r.bucket(), r.production());
        }
        return out;
    }

    private void addRaw(TreeMap<Instant, Rollup> out, UUID machineId, long len, Instant from, Instant to) {
        if (!from.isBefore(to)) return;
        TelemetryStore.Points points = store.points(machineId, from, to);
        for (Rollup r : Rollups.aggregate(Duration.ofMillis(len), points.readings(), points.production())) merge(out, r);
    }

    private static void merge(TreeMap<Instant, Rollup> out, Rollup r) {
        out.merge(r.bucket(), r, Rollup::plus);
    }

    private static Instant bucketOf(Instant t, long len) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), len) * len);
    }

    private static long ceil(long v, long unit) {
        return -Math.floorDiv(-v, unit) * unit;
    }
}
