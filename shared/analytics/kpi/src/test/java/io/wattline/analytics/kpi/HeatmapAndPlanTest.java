package io.wattline.analytics.kpi;

import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Rollup;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapAndPlanTest {
    static final ZoneId LA = ZoneId.of("America/Los_Angeles");

    static List<Rollup> quarters(Instant from, Instant to, double kwh) {
        List<Rollup> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(15))) {
            out.add(new Rollup(t, kwh, 10 * 15, 10, 15, 0, 0));
        }
        return out;
    }

    @Test
    void fallBackHourHoldsTwoHoursAndSpringHourIsEmpty() {
        LocalDate fall = LocalDate.parse("2025-11-02"), spring = LocalDate.parse("2025-03-09");
        List<Rollup> b = new ArrayList<>(quarters(RangePlan.dayStart(fall, LA), RangePlan.dayStart(fall.plusDays(1), LA), 1));
        b.addAll(quarters(RangePlan.dayStart(spring, LA), RangePlan.dayStart(spring.plusDays(1), LA), 1));
        Instant anomaly = Instant.parse("2025-11-02T09:20:00Z"); // 01:20 PST, the second 01:00 hour
        var cells = Heatmap.hourly(spring, fall, List.of(new Heatmap.Series(LA, b, List.of(anomaly))));
        var fallCells = cells.stream().filter(c -> c.date().equals(fall)).toList();
        assertEquals(24, fallCells.size());
        assertEquals(8.0, fallCells.get(1).value());
        assertEquals(4.0, fallCells.get(2).value());
        assertTrue(fallCells.get(1).anomaly());
        var springCells = cells.stream().filter(c -> c.date().equals(spring)).toList();
        assertNull(springCells.get(2).value());
        assertEquals(4.0, springCells.get(3).value());
        assertNull(cells.stream().filter(c -> c.date().equals(spring.plusDays(1))).findFirst().orElseThrow().value());
    }

    /**
     * Lord Howe Island moves its clock by half an hour (+10:30, +11:00 in summer): on 2026-10-04 the hour from 02:00 is
     * 30 minutes long, on 2026-04-05 the hour from 01:00 is 90 (01:30-02:00 twice). Pinned: the heatmap's hour cells
     * hold those 2 and 6 quarter hours, each quarter in one cell; the days are 23.5 and 24.5 hours, read whole by the
     * plan (day snapshots on quarter hours) and by the KPIs, with each quarter counted once and the days adding up.
     */
    @Test
    void lordHoweIslandsHalfHourClockChangesLoseAndRepeatNoQuarter() {
        ZoneId lh = ZoneId.of("Australia/Lord_Howe");
        LocalDate spring = LocalDate.parse("2026-10-04"), autumn = LocalDate.parse("2026-04-05");
        assertEquals(Duration.ofMinutes(23 * 60 + 30), Duration.between(RangePlan.dayStart(spring, lh), RangePlan.dayStart(spring.plusDays(1), lh)));
        assertEquals(Duration.ofMinutes(24 * 60 + 30), Duration.between(RangePlan.dayStart(autumn, lh), RangePlan.dayStart(autumn.plusDays(1), lh)));
        List<Rollup> b = new ArrayList<>(quarters(RangePlan.dayStart(spring, lh), RangePlan.dayStart(spring.plusDays(1), lh), 1));
        b.addAll(quarters(RangePlan.dayStart(autumn, lh), RangePlan.dayStart(autumn.plusDays(1), lh), 1));
        var cells = Heatmap.hourly(autumn, spring, List.of(new Heatmap.Series(lh, b, List.of())));
        var springCells = cells.stream().filter(c -> c.date().equals(spring)).toList();
        assertEquals(2.0, springCells.get(2).value(), "02:30-03:00 only");
        assertEquals(4.0, springCells.get(1).value());
        assertEquals(4.0, springCells.get(3).value());
        var autumnCells = cells.stream().filter(c -> c.date().equals(autumn)).toList();
        assertEquals(6.0, autumnCells.get(1).value(), "01:00-02:00 and 01:30-02:00 again");
        assertEquals(4.0, autumnCells.get(2).value());
        assertEquals(94.0, springCells.stream().mapToDouble(Heatmap.HourCell::value).sum());
        assertEquals(98.0, autumnCells.stream().mapToDouble(Heatmap.HourCell::value).sum());
        // the plan reads both days as whole local days (their bounds are on quarter hours)
        for (LocalDate d : List.of(spring, autumn)) {
            assertTrue(RangePlan.dayOnQuarters(d, lh));
            RangePlan plan = RangePlan.of(RangePlan.dayStart(d.minusDays(1), lh), RangePlan.dayStart(d.plusDays(2), lh), lh);
            assertTrue(plan.days().contains(d), plan.toString());
            // the day's snapshot holds each of its quarters once: 94 and 98 of them
            DailyKpiSnapshot s = DailyKpiSnapshot.compute(UUID.randomUUID(), d, lh, b, null, Instant.parse("2027-01-01T00:00:00Z"));
            assertEquals(d.equals(spring) ? 94.0 : 98.0, s.totals().energyKwh());
        }
    }

    @Test
    void hourBucketsFitOnlyWholeHourOffsets() {
        Instant a = Instant.parse("2025-01-01T00:00:00Z"), b = Instant.parse("2026-01-01T00:00:00Z");
        assertTrue(Heatmap.hourBucketsFit(LA, a, b));
        assertTrue(Heatmap.hourBucketsFit(ZoneId.of("Europe/Berlin"), a, b));
        assertFalse(Heatmap.hourBucketsFit(ZoneId.of("Asia/Kolkata"), a, b));
        assertFalse(Heatmap.hourBucketsFit(ZoneId.of("Australia/Adelaide"), a, b));
        assertFalse(Heatmap.hourBucketsFit(ZoneId.of("Asia/Kathmandu"), a, b));
    }

    @Test
    void dailyCellsCarryWeekdaysFromMonday() {
        LocalDate mon = LocalDate.parse("2025-10-13");
        KpiTotals t = new KpiTotals(12, 40, 4, 0, 0, 0, Map.of(), 10, Instant.EPOCH);
        var cells = Heatmap.daily(mon, mon.plusDays(6), List.of(new Heatmap.DailySeries(LA, Map.of(mon, t), List.of())));
        assertEquals(7, cells.size());
        assertEquals(0, cells.get(0).dayOfWeek());
        assertEquals(6, cells.get(6).dayOfWeek());
        assertEquals(12.0, cells.get(0).value());
        assertNull(cells.get(1).value());
    }

    @Test
    void planOfAYearReadsSnapshotsAndTwoPartialDaysOfQuarters() {
        Instant from = Instant.parse("2024-10-15T13:07:11Z"), to = Instant.parse("2025-10-15T13:07:11Z");
        int[] calls = new int[4];
        UUID machine = UUID.randomUUID();
        PeriodReader.Source src = new PeriodReader.Source() {
            @Override
            public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) {
                calls[0]++;
                List<DailyKpiSnapshot> out = new ArrayList<>();
                for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    RangePlan.Span s = RangePlan.daySpan(d, LA);
                    out.add(DailyKpiSnapshot.compute(machine, d, LA, HeatmapAndPlanTest.quarters(s.from(), s.to(), 1), null, Instant.EPOCH));
                }
                return out;
            }

            @Override
            public List<Rollup> quarters(Instant a, Instant b) {
                calls[1]++;
                return HeatmapAndPlanTest.quarters(a, b, 1);
            }

            @Override
            public List<Reading> readings(Instant a, Instant b) {
                calls[2]++;
                List<Reading> out = new ArrayList<>();
                for (Instant t = a; t.isBefore(b); t = t.plusSeconds(60)) out.add(new Reading(machine, t, 10, 1 / 15.0, null, null, null, null, null));
                return out;
            }

            @Override
            public List<ProductionCount> production(Instant a, Instant b) {
                calls[3]++;
                return List.of();
            }
        };
        PeriodReader.Read read = PeriodReader.read(machine, from, to, LA, null, src, Instant.EPOCH);
        assertEquals(364, read.snapshots());
        assertTrue(read.quarters() <= 2 * 96, "quarters " + read.quarters());
        assertTrue(read.rawPoints() <= 30, "raw " + read.rawPoints());
        assertTrue(read.items() < 600, "items " + read.items());
        assertEquals(1, calls[0]);
        assertEquals(2, calls[1]);
        assertEquals(2, calls[2]);
        assertTrue(read.recomputed().isEmpty());
    }

    @Test
    void planOnDstDaysUsesLocalMidnights() {
        RangePlan p = RangePlan.of(Instant.parse("2025-11-01T07:00:00Z"), Instant.parse("2025-11-04T08:00:00Z"), LA);
        assertEquals(List.of(LocalDate.parse("2025-11-01"), LocalDate.parse("2025-11-02"), LocalDate.parse("2025-11-03")), p.days());
        assertEquals(Duration.ofHours(25), Duration.between(RangePlan.daySpan(LocalDate.parse("2025-11-02"), LA).from(),
                RangePlan.daySpan(LocalDate.parse("2025-11-02"), LA).to()));
        assertNull(p.head());
        assertNull(p.tail());
        RangePlan q = RangePlan.of(Instant.parse("2025-11-01T07:00:10Z"), Instant.parse("2025-11-01T07:00:20Z"), LA);
        assertEquals(new RangePlan.Span(q.from(), q.to()), q.head());
        assertNull(q.inner());
        RangePlan r = RangePlan.of(Instant.parse("2025-11-01T07:14:10Z"), Instant.parse("2025-11-01T07:15:20Z"), LA);
        assertEquals(Instant.parse("2025-11-01T07:15:00Z"), r.head().to());
        assertEquals(Instant.parse("2025-11-01T07:15:00Z"), r.tail().from());
    }
}
