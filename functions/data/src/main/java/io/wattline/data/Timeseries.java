package io.wattline.data;

import io.wattline.data.Views.DataPoint;
import io.wattline.domain.Interval;
import io.wattline.domain.Rollup;
import io.wattline.store.RangeRollups;
import io.wattline.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * Energy, power and SEC series of one machine. 1min and 5min buckets come from raw points; 15min,
 * 1hour and 1day from the roll-ups kept at ingest (raw points only for partial edge buckets).
 *
 * <p>Production is attributed at hourly resolution: machines report one count an hour, stamped on the
 * hour, so the units of a bucket shorter than an hour are its share of its hour's units, not the counts
 * stamped inside it (which would charge the whole hour's output to one quarter and none to the others).
 */
final class Timeseries {
    /** The metrics of {@code /timeseries/{metric}}: unit and aggregation as the seed reports them. */
    enum Metric {
        ENERGY("energy", "kWh", "sum"),
        POWER("power", "kW", "avg"),
        SEC("sec", "kWh/unit", "ratio");

        final String wire, unit, aggregation;

        Metric(String wire, String unit, String aggregation) {
            this.wire = wire;
            this.unit = unit;
            this.aggregation = aggregation;
        }

        /**
         * The bucket's value given the units produced in it, or NaN when the bucket has nothing to say
         * (no readings; no production for SEC).
         */
        double value(Rollup r, double units) {
            return switch (this) {
                case ENERGY -> r.samples() == 0 ? Double.NaN : r.energyKwh();
                case POWER -> r.powerAvg();
                case SEC -> r.samples() == 0 || units == 0 ? Double.NaN : r.energyKwh() / units;
            };
        }
    }

    /** One response may carry at most this many buckets (Lambda's 6 MB response limit). */
    static final long MAX_POINTS = 50_000;

    private static final Duration HOUR = Duration.ofHours(1);

    private final RangeRollups rollups;

    Timeseries(TelemetryStore store) {
        this.rollups = new RangeRollups(store);
    }

    List<Rollup> buckets(UUID machineId, Interval interval, Instant from, Instant to) {
        return rollups.buckets(machineId, interval.length(), interval.rollup(), from, to);
    }

    /**
     * The metric's points; SEC of buckets shorter than an hour divides by their share of the hour's units, and of an
     * hour or day bucket the range's edge cuts by the shares of its hours inside the range (as the KPIs count them).
     */
    List<DataPoint> series(UUID machineId, Metric metric, Interval interval, Instant from, Instant to) {
        List<Rollup> buckets = buckets(machineId, interval, from, to);
        Duration length = interval.length();
        boolean shorter = length.compareTo(HOUR) < 0;
        if (metric != Metric.SEC || (!shorter && onGrid(from, length) && onGrid(to, length))) return points(buckets, metric);
        Map<Instant, Long> hourly = rollups.hourlyProduction(machineId, from, to);
        if (shorter) return points(buckets, metric, r -> units(r.bucket(), length, from, to, hourly));
        return points(buckets, metric, r -> {
            if (!r.bucket().isBefore(from) && !r.bucket().plus(length).isAfter(to)) return r.production();
            double units = 0;
            for (Instant h = r.bucket(); h.isBefore(r.bucket().plus(length)); h = h.plus(HOUR)) units += units(h, HOUR, from, to, hourly);
            return units;
        });
    }

    private static boolean onGrid(Instant t, Duration length) {
        return Math.floorMod(t.toEpochMilli(), length.toMillis()) == 0;
    }

    /**
     * The units of a bucket shorter than an hour: its hour's units (from {@code hourly}, keyed by the
     * hour's start) × the share of the hour the bucket covers inside {@code [from, to)}, production being
     * taken as even within its hour. A quarter gets a quarter of its hour's units, a minute a sixtieth,
     * and a bucket cut by the range's edge the part it holds readings of.
     */
    static double units(Instant bucket, Duration length, Instant from, Instant to, Map<Instant, Long> hourly) {
        long hour = HOUR.toMillis();
        Long units = hourly.get(Instant.ofEpochMilli(Math.floorDiv(bucket.toEpochMilli(), hour) * hour));
        if (units == null) return 0;
        long start = Math.max(bucket.toEpochMilli(), from.toEpochMilli());
        long end = Math.min(bucket.plus(length).toEpochMilli(), to.toEpochMilli());
        return units * (double) Math.max(0, end - start) / hour;
    }

    /** Buckets without a value (no readings; for SEC no production) are left out rather than reported as 0. */
    static List<DataPoint> points(List<Rollup> buckets, Metric metric) {
        return points(buckets, metric, Rollup::production);
    }

    static List<DataPoint> points(List<Rollup> buckets, Metric metric, ToDoubleFunction<Rollup> units) {
        List<DataPoint> out = new ArrayList<>(buckets.size());
        for (Rollup r : buckets) {
            double v = metric.value(r, units.applyAsDouble(r));
            if (Double.isFinite(v)) out.add(new DataPoint(r.bucket(), round6(v), metric.unit));
        }
        return out;
    }

    static double round6(double v) {
        return io.wattline.http.Decimals.round(v, 6);
    }
}
