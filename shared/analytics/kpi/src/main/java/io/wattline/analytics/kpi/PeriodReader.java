package io.wattline.analytics.kpi;

import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Rollups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Reads a period's {@link KpiTotals} along a {@link RangePlan}: day snapshots for whole local days,
 * 15-minute roll-ups for the rest of the aligned middle, raw points only for the cut edge quarters.
 * It does no I/O itself: the caller's {@link Source} fetches, so the same code runs against the
 * stores, in-memory test data and benchmarks.
 */
public final class PeriodReader {
    private static final java.time.Duration QUARTER = java.time.Duration.ofMinutes(15);
    /** How much of a quarter a period may cut and the quarter still be a demand interval (the seed's "…T23:59:59Z"). */
    private static final java.time.Duration CUT_ALLOWED = java.time.Duration.ofMinutes(1);

    /**
     * Whether the quarter holding {@code t} can be the period's peak: it has ended, and the period cuts at most
     * {@link #CUT_ALLOWED} of it. One reading of 600 kW in a period's last minute was its "15-minute" peak; a month asked
     * up to 23:59:59, as the seed asks, keeps its last quarter.
     */
    static boolean demandInterval(Instant t, Instant from, Instant to, Instant now) {
        Instant q = io.wattline.domain.Resolution.MIN15.bucketOf(t), end = q.plus(QUARTER);
        if (end.isAfter(now)) return false;
        Instant a = q.isBefore(from) ? from : q, b = end.isAfter(to) ? to : end;
        return java.time.Duration.between(a, b).compareTo(QUARTER.minus(CUT_ALLOWED)) >= 0;
    }
    private PeriodReader() {}

    /** What the reader asks for; ranges are half-open and results in time order. */
    public interface Source {
        /** Stored snapshots of the machine for local days {@code first..last} (inclusive). */
        List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last);

        /** 15-minute roll-ups whose bucket starts in {@code [from, to)}. */
        List<Rollup> quarters(Instant from, Instant to);

        List<Reading> readings(Instant from, Instant to);

        List<ProductionCount> production(Instant from, Instant to);
    }

    /**
     * @param totals     the period's totals
     * @param peaks      the highest 15-minute power in each local month of the period (for the demand charge)
     * @param snapshots  day snapshots used
     * @param quarters   15-minute roll-ups read
     * @param rawPoints  raw readings and production counts read (edges only)
     * @param recomputed snapshots computed on the way for whole days that had no usable one (the caller
     *                   may store them)
     */
    public record Read(KpiTotals totals, MonthlyPeaks peaks, int snapshots, int quarters, int rawPoints, List<DailyKpiSnapshot> recomputed) {
        /** Items touched in storage. */
        public int items() {
            return snapshots + quarters + rawPoints;
        }
    }

    public static Read read(UUID machineId, Instant from, Instant to, ZoneId zone, TouSchedule tou, Source src,
                            Instant now) {
        RangePlan plan = RangePlan.of(from, to, zone);
        KpiTotals.Accumulator acc = new KpiTotals.Accumulator();
        MonthlyPeaks peaks = new MonthlyPeaks(zone);
        // every span counts toward the totals and toward its month's peak
        java.util.function.Consumer<KpiTotals> add = span -> {
            acc.add(span);
            peaks.add(span);
        };

        Map<LocalDate, DailyKpiSnapshot> usable = new HashMap<>();
        if (!plan.days().isEmpty()) {
            Set<LocalDate> wanted = new HashSet<>(plan.days());
            for (DailyKpiSnapshot s : src.snapshots(plan.days().get(0), plan.days().get(plan.days().size() - 1))) {
                if (wanted.contains(s.date()) && s.usableWith(zone, tou)) usable.put(s.date(), s);
            }
        }
        for (LocalDate d : plan.days()) {
            DailyKpiSnapshot s = usable.get(d);
            if (s != null) add.accept(s.totals());
        }

        int quarterCount = 0;
        Map<LocalDate, List<Rollup>> missing = new TreeMap<>();
        Set<LocalDate> planned = new HashSet<>(plan.days());
        for (RangePlan.Span span : plan.quarterSpans(usable.keySet())) {
            for (Rollup q : src.quarters(span.from(), span.to())) {
                quarterCount++;
                add.accept(KpiTotals.ofBucket(q, tou, demandInterval(q.bucket(), from, to, now))); // the quarter in progress: no peak yet
                LocalDate d = q.bucket().atZone(zone).toLocalDate();
                if (planned.contains(d) && !usable.containsKey(d)) missing.computeIfAbsent(d, k -> new ArrayList<>()).add(q);
            }
        }
        for (LocalDate d : plan.days()) {
            if (!usable.containsKey(d)) missing.computeIfAbsent(d, k -> new ArrayList<>());
        }
        List<DailyKpiSnapshot> recomputed = new ArrayList<>();
        missing.forEach((d, qs) -> recomputed.add(DailyKpiSnapshot.compute(machineId, d, zone, qs, tou, now)));

        int raw = 0;
        for (RangePlan.Span edge : edges(plan)) {
            List<Reading> rs = src.readings(edge.from(), edge.to());
            List<ProductionCount> ps = src.production(edge.from(), edge.to());
            raw += rs.size() + ps.size();
            for (Rollup b : edgeBuckets(edge, rs, ps)) add.accept(KpiTotals.ofBucket(b, tou, demandInterval(b.bucket(), from, to, now)));
        }
        raw += shareOfCutHours(from, to, src, acc);
        return new Read(acc.totals(), peaks, usable.size(), quarterCount, raw, List.copyOf(recomputed));
    }

    /**
     * An hour the period cuts (at its start or its end) counts the share of its units the period covers, as
     * {@code /timeseries/sec} charges a sub-hour bucket (production is taken as even within its hour: a count stamped
     * 11:00 is the units of 11:00-12:00), in whole units by {@link ProductionCount#unitsWithin} (so that two periods
     * that meet inside an hour share its units out, not one more: Kolkata's days meet at 18:30 UTC), in place of the
     * counts whose timestamps fall inside the period: 00:00-00:15 had the whole hour's count, 00:15-01:00 none. Returns
     * the counts read.
     */
    private static int shareOfCutHours(Instant from, Instant to, Source src, KpiTotals.Accumulator acc) {
        Instant first = from.truncatedTo(ChronoUnit.HOURS), last = to.truncatedTo(ChronoUnit.HOURS);
        Set<Instant> cut = new java.util.LinkedHashSet<>();
        if (!first.equals(from)) cut.add(first);
        if (!last.equals(to) && !last.isBefore(from)) cut.add(last);
        int read = 0;
        for (Instant hour : cut) {
            Instant end = hour.plus(1, ChronoUnit.HOURS);
            long good = 0, bad = 0, goodInside = 0, badInside = 0;
            for (ProductionCount p : src.production(hour, end)) {
                read++;
                good += p.productionCount();
                bad += p.badCount();
                if (!p.timestamp().isBefore(from) && p.timestamp().isBefore(to)) {
                    goodInside += p.productionCount();
                    badInside += p.badCount();
                }
            }
            acc.addUnits(ProductionCount.unitsWithin(good, hour, from, to) - goodInside,
                    ProductionCount.unitsWithin(bad, hour, from, to) - badInside);
        }
        return read;
    }

    /**
     * Energy totals per local day from snapshots where usable, else from the day's 15-minute roll-ups
     * (for daily heatmaps and the Sankey diagram). Days whose bounds are not on quarter hours are read
     * from quarters only.
     */
    public static Map<LocalDate, KpiTotals> days(UUID machineId, LocalDate first, LocalDate last, ZoneId zone,
                                                 TouSchedule tou, Source src, Instant now,
                                                 List<DailyKpiSnapshot> recomputedOut) {
        Map<LocalDate, KpiTotals> out = new TreeMap<>();
        Map<LocalDate, DailyKpiSnapshot> usable = new HashMap<>();
        for (DailyKpiSnapshot s : src.snapshots(first, last)) {
            if (!s.date().isBefore(first) && !s.date().isAfter(last) && s.usableWith(zone, tou)) usable.put(s.date(), s);
        }
        // contiguous runs of days without a snapshot are read with one roll-up query each
        LocalDate runStart = null;
        for (LocalDate d = first; !d.isAfter(last.plusDays(1)); d = d.plusDays(1)) {
            boolean need = !d.isAfter(last) && !usable.containsKey(d);
            if (need && runStart == null) runStart = d;
            if (!need && runStart != null) {
                LocalDate runEnd = d.minusDays(1);
                Map<LocalDate, List<Rollup>> byDay = new TreeMap<>();
                for (LocalDate x = runStart; !x.isAfter(runEnd); x = x.plusDays(1)) byDay.put(x, new ArrayList<>());
                for (Rollup q : src.quarters(RangePlan.dayStart(runStart, zone), RangePlan.dayStart(runEnd.plusDays(1), zone))) {
                    List<Rollup> list = byDay.get(q.bucket().atZone(zone).toLocalDate());
                    if (list != null) list.add(q);
                }
                byDay.forEach((x, qs) -> {
                    DailyKpiSnapshot s = DailyKpiSnapshot.compute(machineId, x, zone, qs, tou, now);
                    out.put(x, s.totals());
                    if (recomputedOut != null && RangePlan.dayOnQuarters(x, zone)) recomputedOut.add(s);
                });
                runStart = null;
            }
        }
        usable.forEach((d, s) -> out.put(d, s.totals()));
        return out;
    }

    private static List<RangePlan.Span> edges(RangePlan plan) {
        List<RangePlan.Span> out = new ArrayList<>(2);
        if (plan.head() != null) out.add(plan.head());
        if (plan.tail() != null) out.add(plan.tail());
        return out;
    }

    /**
     * The cut quarter(s) of an edge span as roll-ups of the points inside it, aggregated exactly as the
     * stored roll-ups are; a bucket starting before the span is dated at the span's start.
     */
    public static List<Rollup> edgeBuckets(RangePlan.Span edge, List<Reading> readings, List<ProductionCount> production) {
        List<Rollup> out = new ArrayList<>();
        for (Rollup b : Rollups.aggregate(Resolution.MIN15, readings, production)) {
            out.add(b.bucket().isBefore(edge.from()) ? b.at(edge.from()) : b);
        }
        return out;
    }
}
