package io.wattline.data;

import io.wattline.data.Views.DataPoint;
import io.wattline.domain.HourInProgress;
import io.wattline.domain.Interval;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.RangeRollups;
import io.wattline.store.TelemetryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *
 * <p>1day buckets are UTC days, as the seed's API answers them, unless a time zone is asked for: then each bucket is a
 * local calendar day there (23 or 25 hours across a clock change), summed from the hourly roll-ups, or the 15-minute
 * ones where the zone's offset is not whole hours, and labelled by its local midnight.
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

    List<Rollup> buckets(UUID machineId, Interval interval, ZoneId zone, Instant from, Instant to) {
        if (!localDays(interval, zone)) return rollups.buckets(machineId, interval.length(), interval.rollup(), from, to);
        Interval part = part(zone, from, to);
        return byLocalDay(rollups.buckets(machineId, part.length(), part.rollup(), from, to), r -> 0, zone).stream().map(Day::rollup).toList();
    }

    /** Whether {@code interval} is answered in local days of {@code zone} (1day, in a zone other than UTC). */
    static boolean localDays(Interval interval, ZoneId zone) {
        return interval == Interval.DAY1 && zone != null && !zone.normalized().equals(ZoneOffset.UTC);
    }

    /**
     * The buckets a local day is summed from: hours where every offset the zone has over the range is whole hours,
     * else quarters (India's +05:30, Nepal's +05:45: a local midnight falls inside a UTC hour).
     */
    static Interval part(ZoneId zone, Instant from, Instant to) {
        var rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) return Interval.MIN15;
        for (var t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to); t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) return Interval.MIN15;
        }
        return Interval.HOUR1;
    }

    /**
     * At most this many machine-hours of roll-ups are read for local days in one request (a local day is summed from
     * hour items, where a UTC day reads one day item): about 11 machine-years, a few seconds of reading.
     */
    static final long MAX_LOCAL_DAY_HOURS = 100_000;

    /** A local day's roll-up, labelled by its local midnight, and the units SEC divides it by. */
    record Day(Rollup rollup, double units) {}

    /** Parts summed by the local day their start falls in (in time order). */
    static List<Day> byLocalDay(List<Rollup> parts, ToDoubleFunction<Rollup> units, ZoneId zone) {
        Map<LocalDate, Day> days = new LinkedHashMap<>();
        for (Rollup r : parts) {
            LocalDate date = LocalDate.ofInstant(r.bucket(), zone);
            Day part = new Day(r.at(date.atStartOfDay(zone).toInstant()), units.applyAsDouble(r));
            days.merge(date, part, (a, b) -> new Day(a.rollup().plus(b.rollup()), a.units() + b.units()));
        }
        return List.copyOf(days.values());
    }

    /**
     * A series' points, and where SEC left out the hour in progress ({@link HourInProgress}) the note that says so.
     */
    record Points(List<DataPoint> points, String note) {}

    /**
     * The metric's points; SEC of buckets shorter than an hour divides by their share of the hour's units, and of an
     * hour or day bucket the range's edge cuts by the shares of its hours inside the range (as the KPIs count them).
     * A local day ({@code zone}) sums its parts' energy and units as their own series count them. SEC of a day that
     * holds the hour in progress at {@code now} with its energy metered and no count yet divides the hours before it,
     * as the KPIs do (a shorter bucket of that hour has no units, and so no SEC, anyway).
     */
    Points series(UUID machineId, Metric metric, Interval interval, ZoneId zone, Instant from, Instant to, Instant now) {
        boolean local = localDays(interval, zone);
        Interval read = local ? part(zone, from, to) : interval;
        List<Rollup> buckets = buckets(machineId, read, null, from, to);
        ToDoubleFunction<Rollup> units = metric == Metric.SEC ? unitsOf(machineId, read, from, to) : Rollup::production;
        List<Day> days = local ? byLocalDay(buckets, units, zone)
                : buckets.stream().map(r -> new Day(r, units.applyAsDouble(r))).toList();
        String note = null;
        java.util.Set<Instant> leftOut = new java.util.HashSet<>();
        Instant hour = HourInProgress.at(now);
        if (metric == Metric.SEC && interval.length().compareTo(HOUR) > 0) {
            Instant[] inside = HourInProgress.within(now, from, to);
            // its quarter hours: in a zone on the half hour local midnight cuts the UTC hour, and each day loses its part
            List<Rollup> pending = inside == null ? List.of()
                    : rollups.buckets(machineId, Interval.MIN15.length(), Resolution.MIN15, inside[0], inside[1]);
            Rollup whole = pending.stream().reduce(Rollup.empty(hour), Rollup::plus);
            if (HourInProgress.awaitsItsCount(whole.energyKwh(), whole.production())) {
                List<Day> settled = new ArrayList<>(days);
                for (int i = 0; i < settled.size(); i++) {
                    Rollup r = settled.get(i).rollup();
                    Instant end = i + 1 < settled.size() ? settled.get(i + 1).rollup().bucket() : to;
                    double kwh = pending.stream().filter(q -> !q.bucket().isBefore(r.bucket()) && q.bucket().isBefore(end))
                            .mapToDouble(Rollup::energyKwh).sum();
                    if (kwh == 0) continue;
                    settled.set(i, new Day(new Rollup(r.bucket(), r.energyKwh() - kwh, r.powerSum(), r.powerMax(), r.samples(),
                            r.production(), r.bad()), settled.get(i).units()));
                    leftOut.add(r.bucket());
                }
                days = settled;
            }
        }
        List<DataPoint> out = new ArrayList<>();
        for (Day day : days) {
            double v = metric.value(day.rollup(), day.units());
            if (!Double.isFinite(v)) continue;
            out.add(new DataPoint(day.rollup().bucket(), round6(v), metric.unit));
            if (leftOut.contains(day.rollup().bucket())) note = HourInProgress.note(hour); // only of a point it answers
        }
        return new Points(out, note);
    }

    /** The units of each bucket of this interval in {@code [from, to)}, as SEC divides by them. */
    private ToDoubleFunction<Rollup> unitsOf(UUID machineId, Interval interval, Instant from, Instant to) {
        Duration length = interval.length();
        boolean shorter = length.compareTo(HOUR) < 0;
        if (!shorter && onGrid(from, length) && onGrid(to, length)) return Rollup::production;
        Map<Instant, Long> hourly = rollups.hourlyProduction(machineId, from, to);
        if (shorter) return r -> units(r.bucket(), length, from, to, hourly);
        return r -> {
            if (!r.bucket().isBefore(from) && !r.bucket().plus(length).isAfter(to)) return r.production();
            double units = 0;
            for (Instant h = r.bucket(); h.isBefore(r.bucket().plus(length)); h = h.plus(HOUR)) units += units(h, HOUR, from, to, hourly);
            return units;
        };
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
