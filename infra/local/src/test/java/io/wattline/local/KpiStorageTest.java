package io.wattline.local;

import io.wattline.analytics.kpi.DailyKpiSnapshot;
import io.wattline.analytics.kpi.KpiTotals;
import io.wattline.config.Settings;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Rollups;
import io.wattline.store.dynamodb.DynamoDailySnapshots;
import io.wattline.store.dynamodb.DynamoDb;
import io.wattline.kpi.store.DynamoKpiSnapshotStore;
import io.wattline.store.dynamodb.DynamoTelemetryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The KPI context's storage over the real wire protocol (DynamoDB Local in-process): the telemetry
 * adapter's stored roll-ups equal the pure {@link Rollups} of the points it kept (replays and
 * corrections included), and daily snapshots round-trip exactly and are replaced on rewrite.
 */
class KpiStorageTest {
    static LocalStorage storage;
    static DynamoDbClient db;
    static Settings settings;

    @BeforeAll
    static void start(@TempDir Path dir) {
        storage = LocalStorage.start(dir, true);
        settings = Settings.from(storage.environment());
        LocalStorage.provision(settings);
        db = DynamoDb.client(settings);
    }

    @AfterAll
    static void stop() {
        if (db != null) db.close();
        if (storage != null) storage.close();
    }

    static void close(String what, double expected, double actual) {
        double scale = Math.max(Math.abs(expected), Math.abs(actual));
        assertTrue(Math.abs(expected - actual) <= 1e-12 * scale, what + ": " + expected + " vs " + actual);
    }

    @Test
    void storedRollupsEqualThePureAggregationOfTheKeptPoints() {
        DynamoTelemetryStore store = new DynamoTelemetryStore(db, settings);
        UUID machine = UUID.randomUUID();
        Random rnd = new Random(5);
        Instant from = Instant.parse("2025-03-08T22:00:00Z"), to = Instant.parse("2025-03-10T02:00:00Z");
        Map<Instant, Reading> kept = new TreeMap<>();
        Map<Instant, ProductionCount> keptProd = new TreeMap<>();
        List<Reading> batch = new ArrayList<>();
        List<ProductionCount> prod = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(60)) {
            if (rnd.nextInt(30) == 0) continue;
            Instant ts = t.plusMillis(rnd.nextInt(4) == 0 ? rnd.nextInt(59_000) : 0);
            double p = 20 + 30 * rnd.nextDouble();
            Reading r = new Reading(machine, ts, p, p / 60 * (0.95 + 0.1 * rnd.nextDouble()), null, 400.0, null, 50.0, null);
            batch.add(r);
            kept.put(ts, r);
            if (rnd.nextInt(9) == 0) {
                ProductionCount c = new ProductionCount(machine, ts, rnd.nextInt(20), rnd.nextInt(2));
                prod.add(c);
                keptProd.put(ts, c);
            }
        }
        store.write(batch, prod);
        store.write(batch.subList(0, 300), List.of()); // a replay changes nothing
        List<Reading> corrections = new ArrayList<>();
        for (int i = 500; i < 520; i++) {
            Reading old = batch.get(i);
            Reading fixed = new Reading(machine, old.timestamp(), old.powerKw() * 2, old.energyKwh() * 2, null, null, null, null, null);
            corrections.add(fixed);
            kept.put(fixed.timestamp(), fixed);
        }
        store.writeReadings(corrections);

        List<Rollup> quarters = Rollups.aggregate(Resolution.MIN15, new ArrayList<>(kept.values()), new ArrayList<>(keptProd.values()));
        List<Rollup> hours = Rollups.coarsen(quarters, Resolution.HOUR);
        List<Rollup> days = Rollups.coarsen(hours, Resolution.DAY);
        Instant a = Resolution.DAY.bucketOf(from), b = to.plusSeconds(86_400);
        for (var pair : List.of(Map.entry(Resolution.MIN15, quarters), Map.entry(Resolution.HOUR, hours), Map.entry(Resolution.DAY, days))) {
            List<Rollup> stored = store.rollups(machine, pair.getKey(), a, b);
            assertEquals(pair.getValue().size(), stored.size(), pair.getKey() + " bucket count");
            for (int i = 0; i < stored.size(); i++) {
                Rollup e = pair.getValue().get(i), s = stored.get(i);
                String at = pair.getKey() + " " + e.bucket();
                assertEquals(e.bucket(), s.bucket(), at);
                close(at + " energy", e.energyKwh(), s.energyKwh());
                close(at + " power sum", e.powerSum(), s.powerSum());
                assertEquals(e.powerMax(), s.powerMax(), at + " power max");
                assertEquals(e.samples(), s.samples(), at + " samples");
                assertEquals(e.production(), s.production(), at + " production");
                assertEquals(e.bad(), s.bad(), at + " bad");
            }
        }
    }

    @Test
    void snapshotsRoundTripAndAreReplaced() {
        DynamoKpiSnapshotStore store = new DynamoKpiSnapshotStore(db, settings.tables().state());
        UUID machine = UUID.randomUUID();
        ZoneId la = ZoneId.of("America/Los_Angeles");
        List<DailyKpiSnapshot> written = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            LocalDate date = LocalDate.parse("2025-10-31").plusDays(d);
            KpiTotals t = new KpiTotals(100.0 / 3 + d, 1234.5678 + d, 1440 - d, 300 + d, d, 17.123456789 + d,
                    Map.of("peak", new KpiTotals.Band(10.1 + d, 2.525), "base", new KpiTotals.Band(23.2, 2.32)),
                    55.5 + d, Instant.parse("2025-11-01T16:15:00Z").plusSeconds(86_400L * d));
            written.add(new DailyKpiSnapshot(machine, date, la.getId(), date.atStartOfDay(la).toInstant(),
                    date.plusDays(1).atStartOfDay(la).toInstant(), t, "abcdef0123456789", Instant.parse("2025-11-06T00:30:00Z")));
        }
        KpiTotals empty = KpiTotals.EMPTY;
        LocalDate quiet = LocalDate.parse("2025-11-05");
        written.add(new DailyKpiSnapshot(machine, quiet, la.getId(), quiet.atStartOfDay(la).toInstant(),
                quiet.plusDays(1).atStartOfDay(la).toInstant(), empty, "abcdef0123456789", Instant.parse("2025-11-06T00:30:00Z")));
        LocalDate first = LocalDate.parse("2025-10-01"), last = LocalDate.parse("2025-12-01");
        assertEquals(6, store.putAll(machine, written, store.read(machine, first, last).marks()));
        assertEquals(written, store.range(machine, LocalDate.parse("2025-10-01"), LocalDate.parse("2025-12-01")));
        assertEquals(written.subList(1, 3), store.range(machine, LocalDate.parse("2025-11-01"), LocalDate.parse("2025-11-02")));

        DailyKpiSnapshot old = written.get(2);
        DailyKpiSnapshot rewritten = new DailyKpiSnapshot(machine, old.date(), old.zone(), old.start(), old.end(),
                old.totals().plus(old.totals()), "0000000000000000", Instant.parse("2025-11-07T00:30:00Z"));
        assertEquals(1, store.putAll(machine, List.of(rewritten, rewritten), store.read(machine, first, last).marks()));
        List<DailyKpiSnapshot> after = store.range(machine, LocalDate.parse("2025-10-01"), LocalDate.parse("2025-12-01"));
        assertEquals(6, after.size());
        assertEquals(rewritten, after.get(2));
    }

    /**
     * A KPI read recomputes a day while late data for it lands: the ingestion forgets the day between the read's look
     * at the day and its store of what it computed. That snapshot lacked the late reading and nothing replaced it
     * (the job rewrites three days); now the day's mark has changed and the stale snapshot is not stored.
     */
    @Test
    void aSnapshotComputedBeforeLateDataForItsDayIsNotStored() {
        DynamoKpiSnapshotStore store = new DynamoKpiSnapshotStore(db, settings.tables().state());
        DynamoDailySnapshots ingestion = new DynamoDailySnapshots(db, settings.tables().state());
        UUID machine = UUID.randomUUID();
        LocalDate day = LocalDate.parse("2025-11-03");
        ZoneId utc = ZoneId.of("UTC");
        java.util.function.DoubleFunction<DailyKpiSnapshot> snapshot = kwh -> new DailyKpiSnapshot(machine, day, "UTC",
                day.atStartOfDay(utc).toInstant(), day.plusDays(1).atStartOfDay(utc).toInstant(),
                new KpiTotals(kwh, kwh * 4, 96, 0, 0, kwh / 10, Map.of(), kwh / 24, null), "abcdef0123456789",
                Instant.parse("2025-11-06T00:30:00Z"));

        // never stored: the read sees no item, late data forgets the day, the read's snapshot is refused
        var seen = store.read(machine, day, day).marks();
        assertTrue(seen.isEmpty());
        ingestion.forget(machine, List.of(day));
        assertEquals(0, store.putAll(machine, List.of(snapshot.apply(100)), seen));
        assertEquals(List.of(), store.range(machine, day, day), "a forgotten day has no snapshot");

        // the next read sees the forgotten day and stores what it computes
        seen = store.read(machine, day, day).marks();
        assertEquals(1, store.putAll(machine, List.of(snapshot.apply(110)), seen));
        assertEquals(110, store.range(machine, day, day).get(0).totals().energyKwh());

        // stored, then recomputed while late data lands again: the stored one goes, the stale one is refused
        seen = store.read(machine, day, day).marks();
        ingestion.forget(machine, List.of(day));
        assertEquals(0, store.putAll(machine, List.of(snapshot.apply(110)), seen));
        assertEquals(List.of(), store.range(machine, day, day));
        // a snapshot stored before marks existed (no mark) is replaced by a read that saw it so
        db.putItem(b -> b.tableName(settings.tables().state()).item(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(DynamoDailySnapshots.partition(machine)),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(day.toString()))));
        seen = store.read(machine, day, day).marks();
        assertEquals("", seen.get(day));
        assertEquals(1, store.putAll(machine, List.of(snapshot.apply(120)), seen));
        assertEquals(120, store.range(machine, day, day).get(0).totals().energyKwh());
    }
}
