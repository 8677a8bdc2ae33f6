package io.wattline.analytics.kpi;

import io.wattline.domain.CarbonFactor;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Tariff;
import io.wattline.testing.MemoryTelemetryStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every KPI computed twice on random 1-minute data: the fast way (day snapshots + 15-minute roll-ups
 * built by the store's own aggregation + raw edge quarters, {@link PeriodReader} and {@link Kpis}) and a
 * naive way straight from the raw readings with an independently written tariff; both must agree to
 * 1e-9 relative. The data spans spring and autumn daylight-saving changes in Los Angeles, Berlin,
 * Adelaide (+09:30/+10:30) and Lord Howe Island (+10:30/+11:00: a half-hour change), a half-hour zone without DST (Kolkata) with windows on :30 and :45
 * boundaries and one over midnight, tariff window boundaries, gaps of minutes to a whole day, a
 * machine without production and a machine whose constant power makes every quarter tie for the peak.
 */
class KpiCorrectnessTest {
    static final double REL = 1e-9;

    /** A factory of the test: zone, tariff record, and the naive rate written independently. */
    record Site(String name, ZoneId zone, Tariff tariff, ToDoubleFunction<ZonedDateTime> naiveRate,
                java.util.function.Function<ZonedDateTime, String> naiveBand, CarbonFactor carbon) {}

    record Meter(UUID id, Site site, double ratedKw, boolean producing, boolean constant) {}

    static final List<Site> SITES = new ArrayList<>();
    static final List<Meter> METERS = new ArrayList<>();
    static final MemoryTelemetryStore STORE = new MemoryTelemetryStore();
    static final Map<UUID, List<Reading>> RAW = new HashMap<>();
    static final Map<UUID, List<ProductionCount>> RAW_PROD = new HashMap<>();
    /** Stored snapshots: a random ~70 % of days, and a few with a stale tariff fingerprint. */
    static final Map<UUID, Map<LocalDate, DailyKpiSnapshot>> SNAPSHOTS = new HashMap<>();
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    static final List<Instant[]> WINDOWS = List.of(
            new Instant[]{Instant.parse("2025-03-06T00:00:00Z"), Instant.parse("2025-04-09T00:00:00Z")},
            new Instant[]{Instant.parse("2025-10-02T00:00:00Z"), Instant.parse("2025-11-05T00:00:00Z")});

    @BeforeAll
    static void generate() {
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        UUID f1 = UUID.randomUUID(), f2 = UUID.randomUUID(), f3 = UUID.randomUUID(), f4 = UUID.randomUUID();
        Site la = new Site("LA", ZoneId.of("America/Los_Angeles"),
                new Tariff(f1, "USD", 0.10, List.of(new Tariff.Window("peak", weekdays, LocalTime.of(9, 0), LocalTime.of(21, 0), 0.25)), 15.0),
                z -> z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21 ? 0.25 : 0.10,
                z -> z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 9 && z.getHour() < 21 ? "peak" : "base",
                new CarbonFactor("US-California (CAISO)", 0.22));
        Site berlin = new Site("Berlin", ZoneId.of("Europe/Berlin"), new Tariff(f2, "EUR", 0.18, List.of(), 0),
                z -> 0.18, z -> "base", new CarbonFactor("Germany", 0.35));
        Site kolkata = new Site("Kolkata", ZoneId.of("Asia/Kolkata"),
                new Tariff(f3, "INR", 6.0, List.of(
                        new Tariff.Window("evening", EnumSet.allOf(DayOfWeek.class), LocalTime.of(18, 30), LocalTime.of(22, 30), 9.5),
                        new Tariff.Window("night", EnumSet.allOf(DayOfWeek.class), LocalTime.of(22, 30), LocalTime.of(5, 45), 4.0)), 350.0),
                z -> {
                    int m = z.getHour() * 60 + z.getMinute();
                    if (m >= 18 * 60 + 30 && m < 22 * 60 + 30) return 9.5;
                    if (m >= 22 * 60 + 30 || m < 5 * 60 + 45) return 4.0;
                    return 6.0;
                },
                z -> {
                    int m = z.getHour() * 60 + z.getMinute();
                    if (m >= 18 * 60 + 30 && m < 22 * 60 + 30) return "evening";
                    if (m >= 22 * 60 + 30 || m < 5 * 60 + 45) return "night";
                    return "base";
                }, null);
        Site adelaide = new Site("Adelaide", ZoneId.of("Australia/Adelaide"),
                new Tariff(f4, "AUD", 0.21, List.of(new Tariff.Window("shoulder", weekdays, LocalTime.of(7, 0), LocalTime.of(10, 0), 0.33),
                        new Tariff.Window("peak", weekdays, LocalTime.of(16, 0), LocalTime.of(0, 0), 0.52)), 11.0),
                z -> {
                    if (z.getDayOfWeek().getValue() > 5) return 0.21;
                    if (z.getHour() >= 7 && z.getHour() < 10) return 0.33;
                    if (z.getHour() >= 16) return 0.52;
                    return 0.21;
                },
                z -> {
                    if (z.getDayOfWeek().getValue() > 5) return "base";
                    if (z.getHour() >= 7 && z.getHour() < 10) return "shoulder";
                    if (z.getHour() >= 16) return "peak";
                    return "base";
                }, new CarbonFactor("AU-SA", 0.25));
        // Lord Howe Island moves its clock by half an hour (2025-04-06 and 2025-10-05, both inside the windows): days of
        // 24.5 and 23.5 hours, a local hour of 90 minutes and one of 30, and a tariff window across both changes
        Site lordHowe = new Site("Lord Howe", ZoneId.of("Australia/Lord_Howe"),
                new Tariff(UUID.randomUUID(), "AUD", 0.30, List.of(new Tariff.Window("night", EnumSet.allOf(DayOfWeek.class),
                        LocalTime.of(1, 0), LocalTime.of(3, 0), 0.05)), 9.0),
                z -> z.getHour() >= 1 && z.getHour() < 3 ? 0.05 : 0.30,
                z -> z.getHour() >= 1 && z.getHour() < 3 ? "night" : "base", null);
        SITES.addAll(List.of(la, berlin, kolkata, adelaide, lordHowe));
        METERS.add(new Meter(UUID.randomUUID(), la, 55, true, false));
        METERS.add(new Meter(UUID.randomUUID(), la, 22, true, true));
        METERS.add(new Meter(UUID.randomUUID(), berlin, 200, false, false));
        METERS.add(new Meter(UUID.randomUUID(), berlin, 90, true, false));
        METERS.add(new Meter(UUID.randomUUID(), kolkata, 75, true, false));
        METERS.add(new Meter(UUID.randomUUID(), adelaide, 40, true, false));
        METERS.add(new Meter(UUID.randomUUID(), lordHowe, 30, true, false));

        Random rnd = new Random(20251026L);
        for (Meter m : METERS) {
            List<Reading> rs = new ArrayList<>();
            List<ProductionCount> ps = new ArrayList<>();
            for (Instant[] w : WINDOWS) {
                // gaps: a dozen random stretches of 1 minute to 6 hours, and one whole local day
                List<Instant[]> gaps = new ArrayList<>();
                for (int g = 0; g < 12; g++) {
                    Instant a = w[0].plusSeconds(rnd.nextLong(Duration.between(w[0], w[1]).toSeconds()));
                    gaps.add(new Instant[]{a, a.plusSeconds(60 + rnd.nextInt(6 * 3600))});
                }
                LocalDate lost = w[0].atZone(m.site.zone).toLocalDate().plusDays(3 + rnd.nextInt(20));
                gaps.add(new Instant[]{RangePlan.dayStart(lost, m.site.zone), RangePlan.dayStart(lost.plusDays(1), m.site.zone)});
                for (Instant t = w[0]; t.isBefore(w[1]); t = t.plusSeconds(60)) {
                    Instant ts = t.plusSeconds(rnd.nextInt(10) == 0 ? rnd.nextInt(60) : 0);
                    boolean inGap = false;
                    for (Instant[] g : gaps) if (!ts.isBefore(g[0]) && ts.isBefore(g[1])) inGap = true;
                    if (inGap || rnd.nextInt(200) == 0) continue;
                    double p = m.constant ? 10.0 : Math.max(0, m.ratedKw * (0.3 + 0.5 * rnd.nextDouble())
                            + (rnd.nextInt(500) == 0 ? m.ratedKw * rnd.nextDouble() : 0));
                    double e = p / 60.0 * (0.97 + 0.06 * rnd.nextDouble());
                    rs.add(new Reading(m.id, ts, p, e, null, 400.0, 0.9, 50.0, null));
                    if (m.producing && rnd.nextInt(7) == 0) ps.add(new ProductionCount(m.id, ts.plusSeconds(rnd.nextInt(50)), rnd.nextInt(30), rnd.nextInt(3)));
                }
            }
            rs.sort(java.util.Comparator.comparing(Reading::timestamp));
            // the store is idempotent on (machine, timestamp): the naive side sees what it keeps, the last write
            Map<Instant, ProductionCount> unique = new TreeMap<>();
            for (ProductionCount p : ps) unique.put(p.timestamp(), p);
            ps = new ArrayList<>(unique.values());
            RAW.put(m.id, rs);
            RAW_PROD.put(m.id, ps);
            // ingest in batches as a meter gateway would, roll-ups maintained by the write
            for (int i = 0; i < rs.size(); i += 1440) STORE.writeReadings(rs.subList(i, Math.min(rs.size(), i + 1440)));
            for (int i = 0; i < ps.size(); i += 500) STORE.writeProduction(ps.subList(i, Math.min(ps.size(), i + 500)));

            Map<LocalDate, DailyKpiSnapshot> snaps = new HashMap<>();
            TouSchedule tou = new TouSchedule(m.site.tariff, m.site.zone);
            for (Instant[] w : WINDOWS) {
                for (LocalDate d = w[0].atZone(m.site.zone).toLocalDate(); !RangePlan.dayStart(d, m.site.zone).isAfter(w[1]); d = d.plusDays(1)) {
                    int dice = rnd.nextInt(10);
                    if (dice < 7) {
                        RangePlan.Span s = RangePlan.daySpan(d, m.site.zone);
                        snaps.put(d, DailyKpiSnapshot.compute(m.id, d, m.site.zone, STORE.rollups(m.id, Resolution.MIN15, s.from(), s.to()), tou, NOW));
                    } else if (dice == 7) {
                        // computed under another tariff: must be ignored and recomputed
                        Tariff other = new Tariff(m.site.tariff.factoryId(), m.site.tariff.currency(), 99, List.of(), 0);
                        RangePlan.Span s = RangePlan.daySpan(d, m.site.zone);
                        snaps.put(d, DailyKpiSnapshot.compute(m.id, d, m.site.zone, STORE.rollups(m.id, Resolution.MIN15, s.from(), s.to()),
                                new TouSchedule(other, m.site.zone), NOW));
                    }
                }
            }
            SNAPSHOTS.put(m.id, snaps);
        }
    }

    static PeriodReader.Source source(UUID machine) {
        return new PeriodReader.Source() {
            @Override
            public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) {
                List<DailyKpiSnapshot> out = new ArrayList<>();
                new TreeMap<>(SNAPSHOTS.get(machine)).subMap(first, true, last, true).values().forEach(out::add);
                return out;
            }

            @Override
            public List<Rollup> quarters(Instant from, Instant to) {
                return STORE.rollups(machine, Resolution.MIN15, from, to);
            }

            @Override
            public List<Reading> readings(Instant from, Instant to) {
                return STORE.readings(machine, from, to);
            }

            @Override
            public List<ProductionCount> production(Instant from, Instant to) {
                return STORE.production(machine, from, to);
            }
        };
    }

    // ------------------------------------------------------------------ the naive way

    record Naive(double hours, double energy, long samples, double powerSum, long production, long bad,
                 double peak, Instant peakAt, double cost, Map<String, double[]> bands, double demand) {}

    static Naive naive(Meter m, Instant from, Instant to) {
        double energy = 0, powerSum = 0, cost = 0;
        long n = 0, prod = 0, bad = 0;
        Map<Instant, double[]> quarters = new TreeMap<>();
        Map<String, double[]> bands = new TreeMap<>();
        for (Reading r : RAW.get(m.id)) {
            if (r.timestamp().isBefore(from) || !r.timestamp().isBefore(to)) continue;
            energy += r.energyKwh();
            powerSum += r.powerKw();
            n++;
            ZonedDateTime local = r.timestamp().atZone(m.site.zone);
            double c = r.energyKwh() * m.site.naiveRate.applyAsDouble(local);
            cost += c;
            double[] band = bands.computeIfAbsent(m.site.naiveBand.apply(local), k -> new double[2]);
            band[0] += r.energyKwh();
            band[1] += c;
            long epoch = r.timestamp().getEpochSecond();
            Instant q = Instant.ofEpochSecond(epoch - Math.floorMod(epoch, 900));
            // only a demand interval that has ended, cut by at most a minute, may be the peak (else: totals only)
            long covered = Math.min(q.plusSeconds(900).toEpochMilli(), to.toEpochMilli()) - Math.max(q.toEpochMilli(), from.toEpochMilli());
            if (covered < 840_000 || q.plusSeconds(900).isAfter(NOW)) continue;
            if (q.isBefore(from)) q = from;
            double[] acc = quarters.computeIfAbsent(q, k -> new double[2]);
            acc[0] += r.powerKw();
            acc[1]++;
        }
        // an hour's units, taken as even within the hour (a count belongs to the hour its timestamp is in); an hour the
        // period cuts counts its covered share in whole units: the rounded share to its end less that to its start
        Map<Instant, long[]> hours = new TreeMap<>();
        for (ProductionCount p : RAW_PROD.get(m.id)) {
            long[] u = hours.computeIfAbsent(p.timestamp().truncatedTo(java.time.temporal.ChronoUnit.HOURS), k -> new long[2]);
            u[0] += p.productionCount();
            u[1] += p.badCount();
        }
        for (var h : hours.entrySet()) {
            Instant start = h.getKey(), end = start.plusSeconds(3600);
            Instant a = start.isBefore(from) ? from : start, b = end.isAfter(to) ? to : end;
            if (!a.isBefore(b)) continue;
            double upToA = (a.toEpochMilli() - start.toEpochMilli()) / 3_600_000.0, upToB = (b.toEpochMilli() - start.toEpochMilli()) / 3_600_000.0;
            prod += Math.round(h.getValue()[0] * upToB) - Math.round(h.getValue()[0] * upToA);
            bad += Math.round(h.getValue()[1] * upToB) - Math.round(h.getValue()[1] * upToA);
        }
        double peak = Double.NEGATIVE_INFINITY;
        Instant peakAt = null;
        for (var e : quarters.entrySet()) {
            double mean = e.getValue()[0] / e.getValue()[1];
            if (mean > peak) {
                peak = mean;
                peakAt = e.getKey();
            }
        }
        bands.values().removeIf(b -> b[0] == 0);
        // the demand charge: each local month's highest quarter, times the share of that month the period covers
        Map<java.time.YearMonth, Double> monthPeaks = new TreeMap<>();
        quarters.forEach((q, a) -> monthPeaks.merge(java.time.YearMonth.from(q.atZone(m.site.zone)), a[0] / a[1], Math::max));
        double demand = 0;
        for (var e : monthPeaks.entrySet()) {
            long first = e.getKey().atDay(1).atStartOfDay(m.site.zone).toInstant().toEpochMilli();
            long next = e.getKey().plusMonths(1).atDay(1).atStartOfDay(m.site.zone).toInstant().toEpochMilli();
            long covered = Math.min(to.toEpochMilli(), next) - Math.max(from.toEpochMilli(), first);
            demand += m.site.tariff.demandChargePerKw() * Math.max(0, e.getValue()) * covered / (next - first);
        }
        return new Naive((to.toEpochMilli() - from.toEpochMilli()) / 3_600_000.0, energy, n, powerSum, prod, bad,
                peak, peakAt, cost, bands, demand);
    }

    // ------------------------------------------------------------------ comparison

    static void close(String what, double expected, Double actual) {
        if (actual == null) fail(what + ": expected " + expected + " but was null");
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        if (!(Math.abs(expected - actual) <= REL * scale)) {
            fail(what + ": expected " + expected + " but was " + actual + " (rel " + Math.abs(expected - actual) / scale + ")");
        }
    }

    static int checked;

    static PeriodReader.Read check(Meter m, Instant from, Instant to) {
        String ctx = m.site.name + " " + from + " .. " + to;
        TouSchedule tou = new TouSchedule(m.site.tariff, m.site.zone);
        PeriodReader.Read read = PeriodReader.read(m.id, from, to, m.site.zone, tou, source(m.id), NOW);
        KpiResult k = Kpis.compute(from, to, read.totals(), read.peaks(), tou, null, m.site.carbon);
        Naive nv = naive(m, from, to);
        checked++;

        close(ctx + " hours", nv.hours, k.hours());
        assertEquals(nv.samples, k.totals().samples(), ctx + " samples");
        assertEquals(nv.production, k.totals().productionUnits(), ctx + " production");
        assertEquals(nv.bad, k.totals().badUnits(), ctx + " bad");
        if (nv.samples == 0) { // nothing metered: no data, not 0 kWh, 0 kg or 0.00
            assertNull(k.totals().energyKwh(), ctx);
            assertNull(k.carbon().kgCo2(), ctx);
            assertNull(k.cost().energyCost(), ctx);
            assertNull(k.cost().totalCost(), ctx);
            assertNull(k.totals().avgPowerKw(), ctx);
            assertNull(k.peak().valueKw(), ctx);
            assertNull(k.sec().value(), ctx);
            assertEquals(Kpis.NO_READINGS, k.sec().reason(), ctx);
            return read;
        }
        close(ctx + " energy", nv.energy, k.totals().energyKwh());
        double factor = m.site.carbon == null ? 0.45 : m.site.carbon.kgCo2PerKwh();
        close(ctx + " carbon", nv.energy * factor, k.carbon().kgCo2());
        double avg = nv.powerSum / nv.samples;
        close(ctx + " avg power", avg, k.totals().avgPowerKw());
        if (nv.peakAt == null) { // readings, but no whole 15-minute interval of the period has ended
            assertNull(k.peak().valueKw(), ctx);
            assertEquals(Kpis.NO_DEMAND_INTERVAL, k.peak().reason(), ctx);
            assertNull(k.loadFactor().ratio(), ctx);
            close(ctx + " energy cost", nv.cost, k.cost().energyCost());
            close(ctx + " demand charge", 0, k.cost().demandCharge());
            return read;
        }
        close(ctx + " peak", nv.peak, k.peak().valueKw());
        assertEquals(nv.peakAt, k.peak().at(), ctx + " peak time");
        if (nv.peak > 0) close(ctx + " load factor", avg / nv.peak, k.loadFactor().ratio());
        close(ctx + " load factor %", avg / nv.peak * 100, k.loadFactor().percent());
        close(ctx + " energy cost", nv.cost, k.cost().energyCost());
        close(ctx + " demand charge", nv.demand, k.cost().demandCharge());
        close(ctx + " total cost", nv.cost + nv.demand, k.cost().totalCost());
        assertEquals(nv.bands.keySet(), k.cost().bands().keySet(), ctx + " bands");
        nv.bands.forEach((name, b) -> {
            close(ctx + " band " + name + " energy", b[0], k.cost().bands().get(name).energyKwh());
            close(ctx + " band " + name + " cost", b[1], k.cost().bands().get(name).cost());
        });
        if (nv.production > 0) {
            close(ctx + " sec", nv.energy / nv.production, k.sec().value());
            close(ctx + " cost per unit", nv.cost / nv.production, k.cost().costPerUnit());
            close(ctx + " co2 per unit", nv.energy * factor / nv.production, k.carbon().perUnit());
        } else {
            assertNull(k.sec().value(), ctx);
            assertEquals(Kpis.NO_PRODUCTION, k.sec().reason(), ctx);
            assertNull(k.cost().costPerUnit(), ctx);
            assertNull(k.carbon().perUnit(), ctx);
        }
        return read;
    }

    static Instant local(Site s, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(s.zone).toInstant();
    }

    @Test
    void aPartOfAnHourCountsItsShareOfTheHoursUnits() {
        // as /timeseries/sec charges a 15-minute bucket: 00:00-00:15 had the whole hour's count, 00:15-01:00 none
        Meter m = METERS.get(0);
        Instant hour = WINDOWS.get(0)[0].plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        long units = naive(m, hour, hour.plusSeconds(3600)).production;
        assertTrue(units > 0, "the meter produces in that hour");
        Instant q = hour.plusSeconds(900);
        assertEquals(Math.round(units * 0.25), check(m, hour, q).totals().production());
        assertEquals(units - Math.round(units * 0.25), check(m, q, hour.plusSeconds(3600)).totals().production());
        assertEquals(Math.round(units * 0.75) - Math.round(units * 0.25), check(m, q, q.plusSeconds(1800)).totals().production());
    }

    @Test
    void periodsThatMeetInsideAnHourShareItsUnitsOut() {
        // Kolkata's days meet at 18:30 UTC: each took its half of the hour's count rounded, and an odd count made a unit
        // twice (7 units: 4 on each day, 8 in the two days' KPIs against 7 in the KPIs of both together)
        UUID machine = UUID.randomUUID();
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        Instant hour = Instant.parse("2025-05-06T18:00:00Z"), meet = hour.plusSeconds(1800);
        MemoryTelemetryStore store = new MemoryTelemetryStore();
        store.writeProduction(List.of(new ProductionCount(machine, hour, 7, 3)));
        PeriodReader.Source src = new PeriodReader.Source() {
            @Override public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) { return List.of(); }
            @Override public List<Rollup> quarters(Instant from, Instant to) { return store.rollups(machine, Resolution.MIN15, from, to); }
            @Override public List<Reading> readings(Instant from, Instant to) { return store.readings(machine, from, to); }
            @Override public List<ProductionCount> production(Instant from, Instant to) { return store.production(machine, from, to); }
        };
        Instant dayBefore = meet.minus(Duration.ofDays(1)), dayAfter = meet.plus(Duration.ofDays(1)), later = dayAfter.plusSeconds(3600);
        KpiTotals first = PeriodReader.read(machine, dayBefore, meet, kolkata, null, src, later).totals();
        KpiTotals second = PeriodReader.read(machine, meet, dayAfter, kolkata, null, src, later).totals();
        KpiTotals both = PeriodReader.read(machine, dayBefore, dayAfter, kolkata, null, src, later).totals();
        assertEquals(7, both.production());
        assertEquals(4, first.production());
        assertEquals(3, second.production());
        assertEquals(3, both.bad());
        assertEquals(both.bad(), first.bad() + second.bad());
    }

    @Test
    void wholeWindowsAndRandomRangesAgreeWithTheNaiveComputation() {
        Random rnd = new Random(7);
        for (Meter m : METERS) {
            for (Instant[] w : WINDOWS) {
                PeriodReader.Read whole = check(m, w[0], w[1]);
                assertTrue(whole.snapshots() > 10, "snapshots used");
                assertTrue(whole.rawPoints() == 0, "aligned window reads no raw points");
                for (int i = 0; i < 25; i++) {
                    long span = Duration.between(w[0], w[1]).toMillis();
                    long a = rnd.nextLong(span), len = switch (i % 4) {
                        case 0 -> 1 + rnd.nextLong(15 * 60_000L);          // inside one or two cut quarters
                        case 1 -> 1 + rnd.nextLong(6 * 3_600_000L);        // hours
                        case 2 -> 1 + rnd.nextLong(3 * 86_400_000L);       // days
                        default -> 1 + rnd.nextLong(span);                  // up to the whole window
                    };
                    Instant from = w[0].plusMillis(a);
                    if (i % 3 == 0) from = Resolution.MIN15.bucketOf(from);
                    Instant to = from.plusMillis(len);
                    if (to.isAfter(w[1].plusSeconds(3600))) to = w[1].plusSeconds(3600);
                    check(m, from, to);
                }
            }
        }
        assertTrue(checked >= METERS.size() * WINDOWS.size() * 26);
    }

    @Test
    void daylightSavingDaysAndTariffBoundaries() {
        for (Meter m : METERS) {
            ZoneId z = m.site.zone;
            // the DST days themselves (23 and 25 hours), whole and cut mid-quarter
            for (String day : List.of("2025-03-09", "2025-03-30", "2025-04-06", "2025-10-05", "2025-10-26", "2025-11-02")) {
                LocalDate d = LocalDate.parse(day);
                check(m, RangePlan.dayStart(d, z), RangePlan.dayStart(d.plusDays(1), z));
                check(m, RangePlan.dayStart(d, z).plusSeconds(437), RangePlan.dayStart(d.plusDays(2), z).minusSeconds(1));
                check(m, RangePlan.dayStart(d.minusDays(1), z), RangePlan.dayStart(d.plusDays(1), z).plusSeconds(90));
            }
            // across the tariff windows' boundaries, within cut quarters and across them
            for (String at : List.of("2025-10-08T09:00", "2025-10-08T21:00", "2025-10-08T18:30", "2025-10-08T22:30",
                    "2025-10-09T05:45", "2025-10-08T16:00", "2025-10-09T00:00", "2025-03-10T09:00", "2025-11-03T09:00")) {
                Instant t = local(m.site, at);
                check(m, t.minusSeconds(7 * 60 + 13), t.plusSeconds(6 * 60 + 41));
                check(m, t.minusSeconds(3600), t.plusSeconds(3600));
                check(m, t.minusSeconds(1), t.plusSeconds(1));
            }
        }
    }

    @Test
    void snapshotsStandForTheirDaysAndStaleOnesAreRecomputed() {
        Meter m = METERS.get(0);
        Instant[] w = WINDOWS.get(1);
        PeriodReader.Read read = check(m, w[0], w[1]);
        long stale = SNAPSHOTS.get(m.id).values().stream()
                .filter(s -> !s.usableWith(m.site.zone, new TouSchedule(m.site.tariff, m.site.zone))).count();
        assertTrue(stale > 0, "the data has stale snapshots");
        for (DailyKpiSnapshot s : read.recomputed()) {
            RangePlan.Span d = RangePlan.daySpan(s.date(), m.site.zone);
            Naive nv = naive(m, d.from(), d.to());
            close("recomputed day energy " + s.date(), nv.energy, s.totals().energyKwh());
            close("recomputed day cost " + s.date(), nv.cost, s.totals().energyCost());
        }
    }

    /**
     * Peak demand is the highest mean of a whole 15-minute interval that has ended: one reading of 600 kW in a period's
     * last minute was its "15-minute" peak (a longer period then paid less demand charge), and the quarter still filling
     * was the peak with a few of its readings.
     */
    @Test
    void onlyWholeEndedQuartersArePeaks() {
        UUID machine = UUID.randomUUID();
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        Instant t0 = Instant.parse("2026-12-04T19:30:00Z");
        List<Reading> rs = new ArrayList<>();
        for (int i = 0; i < 45; i++) { // a reading a minute at 80 kW, and one of 600 kW at 20:00
            double kw = i == 30 ? 600 : 80;
            rs.add(new Reading(machine, t0.plusSeconds(60L * i), kw, kw / 60, null, 400.0, 0.9, 50.0, null));
        }
        MemoryTelemetryStore store = new MemoryTelemetryStore();
        store.writeReadings(rs);
        PeriodReader.Source src = new PeriodReader.Source() {
            @Override public List<DailyKpiSnapshot> snapshots(LocalDate first, LocalDate last) { return List.of(); }
            @Override public List<Rollup> quarters(Instant from, Instant to) { return store.rollups(machine, Resolution.MIN15, from, to); }
            @Override public List<Reading> readings(Instant from, Instant to) { return store.readings(machine, from, to); }
            @Override public List<ProductionCount> production(Instant from, Instant to) { return List.of(); }
        };
        TouSchedule tou = new TouSchedule(new Tariff(UUID.randomUUID(), "USD", 0.10, List.of(), 15.0), zone);
        Instant later = t0.plusSeconds(86_400);
        // to 20:01: the 20:00 quarter is cut by the period's end; the peak is a whole quarter's 80 kW
        PeriodReader.Read cut = PeriodReader.read(machine, t0, t0.plusSeconds(31 * 60), zone, tou, src, later);
        assertEquals(80.0, cut.totals().peakKw(), 1e-9);
        assertEquals(t0, cut.totals().peakAt());
        // to 20:15, whole: the quarter with the 600 kW minute, at its mean; to 20:14:59, as the seed asks, the same
        PeriodReader.Read whole = PeriodReader.read(machine, t0, t0.plusSeconds(45 * 60), zone, tou, src, later);
        assertEquals((14 * 80 + 600) / 15.0, whole.totals().peakKw(), 1e-9);
        PeriodReader.Read seedStyle = PeriodReader.read(machine, t0, t0.plusSeconds(45 * 60 - 1), zone, tou, src, later);
        assertEquals((14 * 80 + 600) / 15.0, seedStyle.totals().peakKw(), 1e-9);
        // at 20:10 the 20:00 quarter is still filling: not yet a peak
        PeriodReader.Read filling = PeriodReader.read(machine, t0, t0.plusSeconds(86_400), zone, tou, src, t0.plusSeconds(40 * 60));
        assertEquals(80.0, filling.totals().peakKw(), 1e-9);
        // inside one quarter there is no whole one: no peak, and it says why
        PeriodReader.Read within = PeriodReader.read(machine, t0.plusSeconds(31 * 60), t0.plusSeconds(40 * 60), zone, tou, src, later);
        KpiResult k = Kpis.compute(t0.plusSeconds(31 * 60), t0.plusSeconds(40 * 60), later, within.totals(), within.peaks(), tou,
                "USD", null);
        assertNull(k.peak().valueKw());
        assertEquals(Kpis.NO_DEMAND_INTERVAL, k.peak().reason());
        assertEquals(0.0, k.cost().demandCharge(), 1e-12);
    }

    @Test
    void whetherACostIsPricedIsAFactOfTheResultNotOfItsReason() {
        // the views showed a demand rate unless the reason's words were the no-tariff sentence's: a fact kept apart
        Instant from = Instant.parse("2025-03-03T00:00:00Z"), to = from.plusSeconds(3600);
        KpiTotals metered = Kpis.assemble(List.of(new Rollup(from, 5, 40, 20, 2, 0, 0)), List.of(), null);
        MonthlyPeaks peaks = new MonthlyPeaks(ZoneId.of("UTC"));
        TouSchedule tou = new TouSchedule(new Tariff(UUID.randomUUID(), "USD", 0.10, List.of(), 0.0), ZoneId.of("UTC"));
        KpiResult none = Kpis.compute(from, to, metered, peaks, null, "GBP", null);
        assertTrue(!none.cost().priced());
        assertEquals(Kpis.NO_TARIFF, none.cost().reason());
        // a tariff, readings without production: a reason (per unit), and priced
        KpiResult noUnits = Kpis.compute(from, to, metered, peaks, tou, "USD", null);
        assertTrue(noUnits.cost().priced());
        assertEquals(Kpis.NO_PRODUCTION_PER_UNIT, noUnits.cost().reason());
        // a tariff, nothing metered: the reason is the readings', and still priced
        KpiResult empty = Kpis.compute(from, to, Kpis.assemble(List.of(), List.of(), tou), peaks, tou, "USD", null);
        assertTrue(empty.cost().priced());
        assertEquals(Kpis.NO_READINGS, empty.cost().reason());
    }

    @Test
    void peakTiesGoToTheEarliestQuarter() {
        // every quarter of the constant meter averages exactly 10 kW; check() compares the timestamp with
        // the naive scan, which keeps the first of equal means in time order
        Meter constant = METERS.stream().filter(Meter::constant).findFirst().orElseThrow();
        Instant[] w = WINDOWS.get(0);
        Instant from = w[0].plusSeconds(123_457);
        PeriodReader.Read read = check(constant, from, w[1]);
        assertEquals(10.0, read.totals().peakKw());
        Instant first = RAW.get(constant.id).stream().map(Reading::timestamp).filter(t -> !t.isBefore(from))
                .findFirst().orElseThrow();
        Instant quarter = Resolution.MIN15.bucketOf(first);
        // the quarter the period's start cuts by over a minute is no demand interval: the first whole one is
        boolean cutMuch = Duration.between(quarter, from).compareTo(Duration.ofMinutes(1)) > 0;
        assertEquals(!quarter.isBefore(from) ? quarter : cutMuch ? quarter.plusSeconds(900) : from, read.totals().peakAt());
    }

    @Test
    void aRangeWithoutDataHasNoReadings() {
        Meter m = METERS.get(0);
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        PeriodReader.Read read = check(m, from, from.plus(Duration.ofDays(40)));
        assertTrue(!read.totals().hasData());
    }

    @Test
    void hourAndDayRollupsEqualTheRawAggregates() {
        for (Meter m : METERS) {
            Instant[] w = WINDOWS.get(0);
            List<Rollup> days = STORE.rollups(m.id, Resolution.DAY, w[0], w[1]);
            for (Rollup d : days) {
                Naive nv = naive(m, d.bucket(), d.bucket().plus(Duration.ofDays(1)));
                close("day energy", nv.energy, d.energyKwh());
                close("day power sum", nv.powerSum, d.powerSum());
                assertEquals(nv.samples, d.samples());
                assertEquals(nv.production, d.production());
            }
        }
    }

    @Test
    void sanityOfTheGeneratedData() {
        Map<String, Integer> perSite = new LinkedHashMap<>();
        for (Meter m : METERS) perSite.merge(m.site.name, RAW.get(m.id).size(), Integer::sum);
        assertTrue(perSite.values().stream().allMatch(v -> v > 40_000), perSite.toString());
    }
}
