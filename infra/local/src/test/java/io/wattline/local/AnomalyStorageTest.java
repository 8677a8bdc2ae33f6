package io.wattline.local;

import io.wattline.anomaly.store.Anomaly;
import io.wattline.anomaly.store.DynamoAnomalyStore;
import io.wattline.config.Settings;
import io.wattline.store.AnomalyLog;
import io.wattline.store.dynamodb.DynamoAnomalyLog;
import io.wattline.store.dynamodb.DynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The anomaly store over the real wire protocol (DynamoDB Local in-process): conditional inserts keep one copy
 * of each anomaly, time ranges are half-open, resolution happens once, and the read port sees what was stored.
 */
class AnomalyStorageTest {
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

    static Anomaly anomaly(UUID machine, String type, Instant at, Double expected) {
        return new Anomaly(Anomaly.idOf(machine, type, at.toString()), machine, "Press-1", at, at.plusSeconds(3600),
                "high", type, "Energy consumption 60% above baseline", 48.0, expected,
                expected == null ? null : 48.0 - expected, expected == null ? null : 60.0, Anomaly.UNRESOLVED, null, null,
                expected == null ? "readings" : "baseline 3 hourly");
    }

    @Test
    void anUnresolvedAnomalyIsWithdrawnWholeAResolvedOneNever() {
        DynamoAnomalyStore store = new DynamoAnomalyStore(db, settings.tables().state());
        UUID machine = UUID.randomUUID();
        Instant t = Instant.parse("2025-11-27T17:00:00Z");
        Anomaly stale = anomaly(machine, "energy_spike", t, 30.0), kept = anomaly(machine, "energy_drop", t.plusSeconds(3600), 30.0);
        assertTrue(store.insert(stale));
        assertTrue(store.insert(kept));
        store.resolve(kept.id(), t.plusSeconds(9000), "checked").orElseThrow();
        Anomaly grown = anomaly(machine, "energy_spike", t, 30.0);
        assertFalse(store.withdraw(new Anomaly(stale.id(), machine, "Press-1", t, t.plusSeconds(1800), "high", "energy_spike",
                "as read before it grew", 48.0, 30.0, 18.0, 60.0, Anomaly.UNRESOLVED, null, null, null)), "extended since it was read");
        assertTrue(store.withdraw(grown));
        assertFalse(store.withdraw(stale));
        assertFalse(store.withdraw(kept)); // a person's resolution stays
        assertFalse(store.withdraw(anomaly(machine, "energy_spike", t.minusSeconds(3600), 30.0))); // none such
        assertTrue(store.get(stale.id()).isEmpty());
        assertEquals(List.of(kept.id()), store.detectedBetween(t, t.plusSeconds(7200)).stream().map(Anomaly::id).toList());
        assertTrue(store.unresolved().stream().noneMatch(a -> a.id().equals(stale.id())));
        // withdrawn, it can be found again later (its id index went with it)
        assertTrue(store.insert(stale));
        assertEquals(stale, store.get(stale.id()).orElseThrow());
    }

    @Test
    void aLateDayWaitsUntilJudgedAndANoteDuringTheJudgingKeepsItWaiting() {
        io.wattline.store.dynamodb.DynamoLateTelemetry late = new io.wattline.store.dynamodb.DynamoLateTelemetry(db,
                settings.tables().state());
        UUID machine = UUID.randomUUID();
        java.time.LocalDate d1 = java.time.LocalDate.parse("2026-11-02"), d2 = java.time.LocalDate.parse("2026-11-03");
        late.note(machine, List.of(d2, d1, d1));
        List<io.wattline.store.LateTelemetry.Pending> waiting = late.pending(1000).stream()
                .filter(p -> p.machineId().equals(machine)).toList();
        assertEquals(List.of(d1, d2), waiting.stream().map(io.wattline.store.LateTelemetry.Pending::day).toList());
        assertEquals(1, late.pending(1).size());
        late.note(machine, List.of(d2)); // written again while the job judges it
        assertTrue(late.judged(waiting.get(0)));
        assertFalse(late.judged(waiting.get(1)), "noted again since it was read: it waits for the next run");
        List<io.wattline.store.LateTelemetry.Pending> left = late.pending(1000).stream()
                .filter(p -> p.machineId().equals(machine)).toList();
        assertEquals(List.of(d2), left.stream().map(io.wattline.store.LateTelemetry.Pending::day).toList());
        assertTrue(late.judged(left.get(0)));
        assertTrue(late.pending(1000).stream().noneMatch(p -> p.machineId().equals(machine)));
        // a day whose detection keeps failing is dropped after three attempts, so it cannot block the days behind it
        late.note(machine, List.of(d1));
        io.wattline.store.LateTelemetry.Pending failing = late.pending(1000).stream().filter(p -> p.machineId().equals(machine)).findFirst().orElseThrow();
        assertFalse(late.failed(failing));
        assertFalse(late.failed(failing));
        assertTrue(late.failed(failing));
        assertTrue(late.pending(1000).stream().noneMatch(p -> p.machineId().equals(machine)));
    }

    @Test
    void storesEachAnomalyOnceAndResolvesOnce() {
        DynamoAnomalyStore store = new DynamoAnomalyStore(db, settings.tables().state());
        UUID machine = UUID.randomUUID();
        Instant t = Instant.parse("2025-10-27T17:00:00Z");
        Anomaly spike = anomaly(machine, "energy_spike", t, 30.0);
        Anomaly stuck = anomaly(machine, "stuck_meter", t.plusSeconds(7200), null);
        assertTrue(store.insert(spike));
        assertFalse(store.insert(spike));
        assertFalse(store.insert(anomaly(machine, "energy_spike", t, 31.0))); // same span, same id: the first stands
        assertTrue(store.insert(stuck));

        assertEquals(spike, store.get(spike.id()).orElseThrow());
        assertEquals(stuck, store.get(stuck.id()).orElseThrow()); // nulls round-trip as nulls
        assertEquals(List.of(stuck, spike), store.detectedBetween(t, t.plusSeconds(7201)));
        assertEquals(List.of(spike), store.detectedBetween(t, t.plusSeconds(7200))); // half-open
        assertTrue(store.detectedBetween(t.plusMillis(1), t.plusSeconds(7200)).isEmpty());

        Anomaly r1 = store.resolve(spike.id(), t.plusSeconds(9000), "fixed").orElseThrow();
        Anomaly r2 = store.resolve(spike.id(), t.plusSeconds(9999), "again").orElseThrow();
        assertEquals(Anomaly.RESOLVED, r1.status());
        assertEquals(r1, r2);
        assertEquals("fixed", r2.resolutionNotes());
        assertTrue(store.resolve("no-such-id", t, null).isEmpty());
        String tooLong = "a".repeat(3000); // beyond DynamoDB's key size: no such anomaly, not the table's error
        assertTrue(store.resolve(tooLong, t, null).isEmpty());
        assertTrue(store.get(tooLong).isEmpty());
        assertTrue(store.unresolved().stream().anyMatch(a -> a.id().equals(stuck.id())));
        assertFalse(store.unresolved().stream().anyMatch(a -> a.id().equals(spike.id())));

        AnomalyLog log = new DynamoAnomalyLog(db, settings.tables().state());
        List<AnomalyLog.Entry> entries = log.detectedBetween(t, t.plusSeconds(7201));
        assertEquals(List.of(spike.id(), stuck.id()), entries.stream().map(AnomalyLog.Entry::id).toList());
        assertEquals("resolved", entries.get(0).status());
    }

    static Anomaly stuck(UUID machine, Instant start, Duration length, String severity) {
        return new Anomaly(Anomaly.idOf(machine, "stuck_meter", start.toString()), machine, "Conveyor-A", start,
                start.plus(length), severity, "stuck_meter", "Meter reading stuck at 12.3 kW for " + length.toHours() + " hours",
                12.345, null, null, null, Anomaly.UNRESOLVED, null, null, "readings");
    }

    @Test
    void aStuckRunThatGrewIsExtendedInPlaceAndNeverShrunk() {
        DynamoAnomalyStore store = new DynamoAnomalyStore(db, settings.tables().state());
        UUID machine = UUID.randomUUID();
        Instant start = Instant.parse("2025-10-29T10:00:00Z");
        Anomaly first = stuck(machine, start, Duration.ofHours(1), "medium");
        assertTrue(store.insert(first));
        assertFalse(store.insert(stuck(machine, start, Duration.ofHours(4), "high"))); // insert alone kept the first

        Anomaly grown = store.extend(stuck(machine, start, Duration.ofHours(4), "high")).orElseThrow();
        assertEquals(first.id(), grown.id());
        assertEquals(start.plus(Duration.ofHours(4)), grown.windowEnd());
        assertEquals("high", grown.severity());
        assertEquals("Meter reading stuck at 12.3 kW for 4 hours", grown.description());
        assertEquals(grown, store.get(first.id()).orElseThrow()); // as stored, absent figures still absent
        assertEquals(List.of(grown), store.detectedBetween(start, start.plusSeconds(1))); // one item, same time key

        // a sighting that reaches less far writes nothing
        assertEquals(grown, store.extend(stuck(machine, start, Duration.ofHours(2), "medium")).orElseThrow());
        assertEquals(grown, store.get(first.id()).orElseThrow());

        // resolved later than the span it grows to: it keeps its resolution (found late, fixed since)
        store.resolve(first.id(), start.plus(Duration.ofHours(12)), "meter replaced");
        Anomaly later = store.extend(stuck(machine, start, Duration.ofHours(5), "high")).orElseThrow();
        assertEquals(start.plus(Duration.ofHours(5)), later.windowEnd());
        assertEquals(Anomaly.RESOLVED, later.status());
        assertEquals("meter replaced", later.resolutionNotes());
        assertEquals(later, store.get(first.id()).orElseThrow());
        // the run outlasts its resolution (still stuck after it was marked fixed): open again, and listed as such
        Anomaly reopened = store.extend(stuck(machine, start, Duration.ofHours(13), "high")).orElseThrow();
        assertEquals(Anomaly.UNRESOLVED, reopened.status());
        assertEquals(null, reopened.resolvedAt());
        assertEquals(null, reopened.resolutionNotes());
        assertEquals(reopened, store.get(first.id()).orElseThrow());
        assertTrue(store.unresolved().stream().anyMatch(x -> x.id().equals(first.id())));
        store.resolve(first.id(), start.plus(Duration.ofHours(14)), "meter replaced again");

        // figures that come and go: set when given, removed when not
        Anomaly withFigures = new Anomaly(first.id(), machine, "Conveyor-A", start, start.plus(Duration.ofHours(15)), "high",
                "stuck_meter", "d", 12.345, 10.0, 2.345, 23.45, Anomaly.UNRESOLVED, null, null, "readings");
        assertEquals(10.0, store.extend(withFigures).orElseThrow().expectedValue());
        assertEquals(23.45, store.get(first.id()).orElseThrow().deviationPercent());
        assertEquals(null, store.extend(stuck(machine, start, Duration.ofHours(16), "high")).orElseThrow().expectedValue());
        assertEquals(null, store.get(first.id()).orElseThrow().deviationPercent());

        assertTrue(store.extend(stuck(UUID.randomUUID(), start, Duration.ofHours(17), "high")).isEmpty());
    }
}
