package io.wattline.forecasting;

import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.KpiTotals;
import io.wattline.analytics.kpi.PeriodReader;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The forecasts' local hours where they are not UTC hours: a production count covers its UTC hour, so a local hour on
 * the half (or quarter) hour gets its share of each count its time overlaps, as the KPIs count a cut hour; and on Lord
 * Howe Island, whose clock moves by half an hour, an hour is the clock's (30 or 90 minutes), not 3,600 seconds.
 */
class LocalHoursTest {
    static final UUID PRESS = UUID.randomUUID();

    /** The units of each local hour of {@code [from, to)}, by its start. */
    static Map<Instant, Long> units(LocalHours grid, MemoryTelemetryStore store, Instant from, Instant to) {
        return grid.rollups(store, PRESS, from, to).stream()
                .collect(Collectors.toMap(Rollup::bucket, Rollup::production, Long::sum, TreeMap::new));
    }

    @Test
    void aCountOnAUtcHourIsSharedByTheTwoLocalHoursItStraddles() {
        LocalHours kolkata = new LocalHours(ZoneId.of("Asia/Kolkata"));
        MemoryTelemetryStore store = new MemoryTelemetryStore();
        // 02:00-03:00 UTC is 07:30-08:30 local: 7 units, half in the hour from 07:00 local, half in the one from 08:00
        Instant hour = Instant.parse("2026-03-02T02:00:00Z");
        store.writeProduction(List.of(new ProductionCount(PRESS, hour, 7, 0), new ProductionCount(PRESS, hour.plusSeconds(3600), 10, 0)));
        store.writeReadings(List.of(new Reading(PRESS, hour.plusSeconds(120), 60, 1, null, 400.0, 0.9, 50.0, null)));
        Instant day = Instant.parse("2026-03-01T18:30:00Z"), seven = hour.minusSeconds(1800), eight = hour.plusSeconds(1800);
        Map<Instant, Long> u = units(kolkata, store, day, day.plusSeconds(86_400));
        // before: the whole 7 in the hour from 07:00 (it starts half an hour before the count's hour) and 10 in 08:00
        assertEquals(4L, u.get(seven), u.toString());
        assertEquals(3L + 5L, u.get(eight), u.toString());
        assertEquals(5L, u.get(eight.plusSeconds(3600)), u.toString());
        assertEquals(17L, u.values().stream().mapToLong(Long::longValue).sum());
        // a range that starts at 08:00 local still has that hour's share of the count of the hour it starts in
        assertEquals(8L, units(kolkata, store, eight, eight.plusSeconds(3600)).get(eight));
        // the energy stays where it was metered: the reading at 02:02 UTC is 07:32 local
        Rollup metered = kolkata.rollups(store, PRESS, day, day.plusSeconds(86_400)).stream()
                .filter(r -> r.samples() > 0).findFirst().orElseThrow();
        assertEquals(seven, metered.bucket());

        // Nepal (+05:45): the hour from 07:00 local holds the count's first quarter hour
        LocalHours kathmandu = new LocalHours(ZoneId.of("Asia/Kathmandu"));
        Map<Instant, Long> n = units(kathmandu, store, day, day.plusSeconds(86_400));
        assertEquals(Math.round(7 * 0.25), n.get(hour.minusSeconds(2700)), n.toString());
        assertEquals(7 - Math.round(7 * 0.25) + Math.round(10 * 0.25), n.get(hour.plusSeconds(900)), n.toString());
    }

    @Test
    void anHoursCountIsSplitOnceWhateverQuartersItWasWrittenIn() {
        LocalHours kolkata = new LocalHours(ZoneId.of("Asia/Kolkata"));
        MemoryTelemetryStore store = new MemoryTelemetryStore();
        // one unit in each quarter of 02:00-03:00 UTC (07:30-08:30 local): two in the hour from 07:00 local, two in 08:00's
        Instant hour = Instant.parse("2026-03-02T02:00:00Z"), seven = hour.minusSeconds(1800), eight = hour.plusSeconds(1800);
        store.writeProduction(List.of(new ProductionCount(PRESS, hour, 1, 0), new ProductionCount(PRESS, hour.plusSeconds(900), 1, 1),
                new ProductionCount(PRESS, hour.plusSeconds(1800), 1, 0), new ProductionCount(PRESS, hour.plusSeconds(2700), 1, 1)));
        Instant day = Instant.parse("2026-03-01T18:30:00Z");
        // before: each quarter's 1 taken as the whole hour's and rounded alone ({07:00 = 4}, nothing in 08:00)
        assertEquals(Map.of(seven, 2L, eight, 2L), units(kolkata, store, day, day.plusSeconds(86_400)));
        // the same as the KPIs of each local hour (PeriodReader shares out the hour the period cuts)
        PeriodReader.Source src = new PeriodReader.Source() {
            @Override public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) { return List.of(); }
            @Override public List<Rollup> quarters(Instant from, Instant to) { return store.rollups(PRESS, Resolution.MIN15, from, to); }
            @Override public List<Reading> readings(Instant from, Instant to) { return store.readings(PRESS, from, to); }
            @Override public List<ProductionCount> production(Instant from, Instant to) { return store.production(PRESS, from, to); }
        };
        for (Instant h : List.of(seven, eight)) {
            KpiTotals kpi = PeriodReader.read(PRESS, h, h.plusSeconds(3600), kolkata.zone(), null, src, day.plusSeconds(86_400)).totals();
            Rollup forecast = kolkata.rollups(store, PRESS, h, h.plusSeconds(3600)).get(0);
            assertEquals(kpi.production(), forecast.production(), h.toString());
            assertEquals(kpi.bad(), forecast.bad(), h.toString());
        }
        // a range that ends inside the hour has its share of the quarters after its end (before: 0, they were not read)
        MemoryTelemetryStore late = new MemoryTelemetryStore();
        late.writeProduction(List.of(new ProductionCount(PRESS, hour.plusSeconds(2700), 4, 0)));
        assertEquals(Map.of(seven, 2L), units(kolkata, late, day, eight));
    }

    @Test
    void onLordHoweIslandAnHourIsTheClocksThirtyOrNinetyMinutes() {
        LocalHours lordHowe = new LocalHours(ZoneId.of("Australia/Lord_Howe"));
        // 2026-10-04 02:00 +10:30 (15:30 UTC) the clock goes to 02:30 +11:00: the hour from 02:00 is 15:30-16:00 UTC
        Instant gap = Instant.parse("2026-10-03T15:30:00Z");
        assertEquals(gap, lordHowe.nextHour(gap.minusSeconds(600)));
        assertEquals(gap, lordHowe.hourOf(gap.plusSeconds(600)));
        assertEquals(gap.plusSeconds(1800), lordHowe.nextHour(gap.plusSeconds(600)));
        // the first hour from 15:40 UTC is 03:00 local, 16:00 UTC (was 16:30: an hour past the 30-minute one)
        assertEquals(gap.plusSeconds(1800), lordHowe.hourFrom(gap.plusSeconds(600)));
        // 2026-04-05 02:00 +11:00 (15:00 UTC) the clock goes back to 01:30 +10:30: the hour from 01:00 is 14:00-15:30 UTC
        Instant back = Instant.parse("2026-04-04T15:00:00Z");
        assertEquals(back.minusSeconds(3600), lordHowe.hourOf(back.plusSeconds(600)));
        assertEquals(back.plusSeconds(1800), lordHowe.nextHour(back.minusSeconds(600)));
        // the first hour from 14:10 UTC is 02:00 local, 15:30 UTC (was 15:00: inside the repeated half hour)
        assertEquals(back.plusSeconds(1800), lordHowe.hourFrom(back.minusSeconds(3000)));

        // where the clock goes back a whole hour, its two 01:00 hours are two hours, as the hourly roll-ups keep them
        LocalHours la = new LocalHours(ZoneId.of("America/Los_Angeles"));
        Instant pdt = Instant.parse("2026-11-01T08:00:00Z"), pst = pdt.plusSeconds(3600);
        assertEquals(pst, la.nextHour(pdt.plusSeconds(600)));
        assertEquals(pst, la.hourFrom(pdt.plusSeconds(600)));
        assertEquals(pst.plusSeconds(3600), la.nextHour(pst.plusSeconds(600)));

        // a count over the 30-minute hour: its first half in the hour from 01:00 (14:30-15:30 UTC), its second in 02:00's
        MemoryTelemetryStore store = new MemoryTelemetryStore();
        store.writeProduction(List.of(new ProductionCount(PRESS, gap.minusSeconds(1800), 6, 0),
                new ProductionCount(PRESS, gap.plusSeconds(1800), 8, 0)));
        Instant day = Instant.parse("2026-10-03T13:30:00Z"); // 2026-10-04 00:00 +10:30
        Map<Instant, Long> u = units(lordHowe, store, day, Instant.parse("2026-10-04T13:00:00Z"));
        assertEquals(Map.of(gap.minusSeconds(3600), 3L, gap, 3L, gap.plusSeconds(1800), 8L), u);
        // and over the 90-minute one: its three half hours' counts (14:00 and 15:00 UTC) all in the hour from 01:00
        MemoryTelemetryStore autumn = new MemoryTelemetryStore();
        autumn.writeProduction(List.of(new ProductionCount(PRESS, back.minusSeconds(3600), 10, 0),
                new ProductionCount(PRESS, back, 4, 0)));
        Map<Instant, Long> a = units(lordHowe, autumn, Instant.parse("2026-04-04T13:00:00Z"), Instant.parse("2026-04-05T13:30:00Z"));
        assertEquals(Map.of(back.minusSeconds(3600), 12L, back.plusSeconds(1800), 2L), a);
    }
}
