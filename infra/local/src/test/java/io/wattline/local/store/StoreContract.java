package io.wattline.local.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.config.Settings;
import io.wattline.domain.CarbonFactor;
import io.wattline.domain.Factory;
import io.wattline.domain.Machine;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Tariff;
import io.wattline.store.ArtifactStore;
import io.wattline.domain.TwinSample;
import io.wattline.store.JobStore;
import io.wattline.store.StateStore;
import io.wattline.store.RangeRollups;
import io.wattline.store.TelemetryStore;
import io.wattline.local.Stores;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every storage adapter must do, over the real wire: run against DynamoDB Local and S3Proxy
 * in-process, and against LocalStack where a Docker engine runs.
 */
abstract class StoreContract {
    abstract Settings settings();

    Stores stores() {
        return new Stores(settings());
    }

    static Reading reading(UUID m, Instant t, double kw) {
        return new Reading(m, t, kw, kw / 60, null, 400.0, 0.9, null, 41.5);
    }

    @Test
    void catalogueRoundTrips() {
        var catalog = stores().catalog();
        UUID factory = UUID.randomUUID();
        catalog.put(new Factory(factory, "Test Works", "Leeds, UK", "Europe/London", "GBP", "UK"));
        Machine m = new Machine(UUID.randomUUID(), factory, UUID.randomUUID(), "Press-9", "press", 75.5, 400, 50, true);
        catalog.put(m);
        Tariff tariff = new Tariff(factory, "GBP", 0.2, List.of(new Tariff.Window("peak",
                EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(16, 0), LocalTime.of(19, 30), 0.41)), 12.5);
        catalog.put(tariff);
        catalog.put(new CarbonFactor("UK", 0.19));
        assertEquals(m, catalog.machine(m.id()).orElseThrow());
        assertEquals(List.of(tariff), catalog.tariffs(factory));
        Tariff holidays = new Tariff(UUID.randomUUID(), "GBP", 0.2, List.of(), 0, null,
                java.util.Set.of(java.time.LocalDate.of(2026, 12, 25), java.time.LocalDate.of(2026, 12, 28)));
        catalog.put(holidays);
        assertEquals(List.of(holidays), catalog.tariffs(holidays.factoryId()));
        // a dated tariff joins the undated one, in order; the same date replaces it; a file's list replaces them all
        Tariff april = new Tariff(factory, "GBP", 0.25, List.of(), 14, java.time.LocalDate.of(2026, 4, 1));
        Tariff march = new Tariff(factory, "GBP", 0.22, List.of(), 13, java.time.LocalDate.of(2026, 3, 1));
        catalog.put(april);
        catalog.put(march);
        catalog.put(new Tariff(factory, "GBP", 0.23, List.of(), 13, java.time.LocalDate.of(2026, 3, 1)));
        assertEquals(List.of(0.2, 0.23, 0.25), catalog.tariffs(factory).stream().map(Tariff::baseRate).toList());
        UUID otherFactory = UUID.randomUUID();
        catalog.put(new Tariff(otherFactory, "EUR", 0.3, List.of(), 0));
        catalog.replaceTariffs(factory, List.of(april, tariff));
        assertEquals(List.of(tariff, april), catalog.tariffs(factory));
        assertEquals(0.3, catalog.tariffs(otherFactory).getFirst().baseRate());
        assertTrue(catalog.tariffs(UUID.randomUUID()).isEmpty());
        assertEquals(0.19, catalog.carbonFactor("UK").orElseThrow().kgCo2PerKwh());
        assertEquals("Europe/London", catalog.factory(factory).orElseThrow().timezone());
        assertTrue(catalog.machines().stream().anyMatch(x -> x.id().equals(m.id())));
        assertTrue(catalog.machine(UUID.randomUUID()).isEmpty());
    }

    @Test
    void pointsAreIdempotentAndOrdered() {
        TelemetryStore t = stores().telemetry();
        UUID m = UUID.randomUUID();
        Instant t0 = Instant.parse("2025-03-30T00:00:00Z");
        List<Reading> batch = new ArrayList<>();
        for (int i = 179; i >= 0; i--) batch.add(reading(m, t0.plusSeconds(60L * i), i));
        t.writeReadings(batch);
        t.writeReadings(batch.subList(0, 50)); // replay
        List<Reading> back = t.readings(m, t0, t0.plus(Duration.ofHours(3)));
        assertEquals(180, back.size());
        for (int i = 0; i < back.size(); i++) assertEquals(reading(m, t0.plusSeconds(60L * i), i), back.get(i));
        assertEquals(60, t.readings(m, t0.plusSeconds(1800), t0.plusSeconds(5400)).size()); // half-open, mid-hour edges
        assertNull(back.get(0).currentA());
        assertEquals(t0.plusSeconds(60L * 179), t.latest(m).orElseThrow().timestamp());
        assertTrue(t.latest(UUID.randomUUID()).isEmpty());
    }

    /** Stored roll-ups equal the aggregates of the stored points, after replays, corrections and out-of-order writes. */
    @Test
    void rollupsMatchPointsOnRandomData() {
        TelemetryStore t = stores().telemetry();
        UUID m = UUID.randomUUID();
        Random rnd = new Random(7);
        Instant t0 = Instant.parse("2025-10-25T22:00:00Z");
        TreeMap<Instant, Reading> truth = new TreeMap<>();
        TreeMap<Instant, Long> units = new TreeMap<>();
        for (int round = 0; round < 4; round++) {
            List<Reading> batch = new ArrayList<>();
            List<ProductionCount> prod = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Instant at = t0.plusSeconds(60L * rnd.nextInt(60 * 30)); // 30 hours across a day boundary
                Reading r = reading(m, at, Math.round(rnd.nextDouble() * 1000) / 10.0);
                batch.add(r);
                truth.put(at, r);
            }
            for (int h = 0; h < 30; h += 1 + rnd.nextInt(3)) {
                Instant at = t0.plusSeconds(3600L * h);
                long c = rnd.nextInt(50);
                prod.add(new ProductionCount(m, at, c, 0));
                units.put(at, c);
            }
            List<Reading> dedup = new ArrayList<>(new TreeMap<>(batch.stream().collect(
                    java.util.stream.Collectors.toMap(Reading::timestamp, r -> truth.get(r.timestamp()), (a, b) -> a))).values());
            t.write(dedup, prod);
        }
        Instant end = t0.plus(Duration.ofHours(31));
        TelemetryStore.Points both = t.points(m, t0.plusSeconds(420), end);
        assertEquals(t.readings(m, t0.plusSeconds(420), end), both.readings());
        assertEquals(t.production(m, t0.plusSeconds(420), end), both.production());
        assertEquals(truth.tailMap(t0.plusSeconds(420)).size(), both.readings().size());
        for (Resolution res : Resolution.values()) {
            Instant from = res.bucketOf(t0), to = t0.plus(Duration.ofHours(31));
            TreeMap<Instant, double[]> expected = new TreeMap<>();
            truth.values().forEach(r -> {
                double[] a = expected.computeIfAbsent(res.bucketOf(r.timestamp()), k -> new double[4]);
                a[0] += r.energyKwh();
                a[1] += r.powerKw();
                a[2]++;
            });
            units.forEach((at, c) -> expected.computeIfAbsent(res.bucketOf(at), k -> new double[4])[3] += c);
            List<Rollup> stored = t.rollups(m, res, from, to);
            assertEquals(expected.keySet().stream().toList(), stored.stream().map(Rollup::bucket).toList(), res.name());
            for (Rollup r : stored) {
                double[] e = expected.get(r.bucket());
                assertEquals(e[0], r.energyKwh(), 1e-9 * Math.max(1, e[0]), res + " energy " + r.bucket());
                assertEquals(e[1], r.powerSum(), 1e-9 * Math.max(1, e[1]), res + " power");
                assertEquals((long) e[2], r.samples(), res + " samples");
                assertEquals((long) e[3], r.production(), res + " production");
            }
            // any bucket length from roll-ups plus raw edges equals the raw aggregate
            List<Rollup> ranged = new RangeRollups(t).buckets(m, res.length(), res, t0.plusSeconds(420), to);
            double rangedEnergy = ranged.stream().mapToDouble(Rollup::energyKwh).sum();
            double rawEnergy = truth.tailMap(t0.plusSeconds(420)).values().stream().mapToDouble(Reading::energyKwh).sum();
            assertEquals(rawEnergy, rangedEnergy, 1e-9 * rawEnergy, res.name());
        }
    }

    @Test
    void artefactsAreVersioned() {
        ArtifactStore a = stores().artifacts();
        String key = "test/" + UUID.randomUUID() + "/model.bin";
        String v1 = a.put(key, "one".getBytes(StandardCharsets.UTF_8), Map.of("kind", "test"));
        String v2 = a.put(key, "two".getBytes(StandardCharsets.UTF_8), Map.of("kind", "test"));
        assertNotEquals(v1, v2);
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), a.get(key, null).orElseThrow());
        assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), a.get(key, v1).orElseThrow());
        List<ArtifactStore.Version> versions = a.versions(key);
        assertEquals(2, versions.size());
        assertTrue(versions.stream().anyMatch(v -> v.versionId().equals(v2) && v.latest()));
        assertTrue(a.get("test/missing", null).isEmpty());
        assertEquals(2, a.deleteAll(key.substring(0, key.lastIndexOf('/'))));
        assertTrue(a.get(key, null).isEmpty());
    }

    @Test
    void stateDocumentsAreVersionedAndWritesConditional() {
        StateStore st = stores().state();
        String kind = "contract-" + UUID.randomUUID();
        assertTrue(st.get(kind, "a").isEmpty());
        assertEquals(1, st.put(kind, "a", "{\"n\":1}", 0));
        org.junit.jupiter.api.Assertions.assertThrows(StateStore.StaleVersionException.class,
                () -> st.put(kind, "a", "{\"n\":9}", 0), "a second first write loses");
        assertEquals(2, st.put(kind, "a", "{\"n\":2}", 1));
        org.junit.jupiter.api.Assertions.assertThrows(StateStore.StaleVersionException.class,
                () -> st.put(kind, "a", "{\"n\":9}", 1), "a write on an old version loses");
        StateStore.Doc doc = st.get(kind, "a").orElseThrow();
        assertEquals("{\"n\":2}", doc.json());
        assertEquals(2, doc.version());
        st.put(kind, "b", "{}", 0);
        assertEquals(List.of("a", "b"), st.list(kind).stream().map(StateStore.Doc::id).toList());
        assertTrue(st.delete(kind, "a"));
        assertTrue(st.get(kind, "a").isEmpty());
        assertEquals(1, st.list(kind).size());
    }

    /**
     * When the twin samples a test writes are stamped: an hour ago, to the second. A twin sample carries its expiry (the
     * telemetry table's time to live, 30 days after it), and DynamoDB Local runs its own TTL sweep, every second, 20
     * items a page: samples stamped 2025-10-14 had expired when written, and 20 of 60 were gone 8.4 s later, so a test
     * whose reads came after a sweep (a run under load) found samples missing.
     */
    static Instant recentTwinInstant() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minus(java.time.Duration.ofHours(1));
    }

    @Test
    void twinSamplesRoundTripAndDelete() {
        TelemetryStore t = stores().telemetry();
        String asset = "Contract-" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = recentTwinInstant();
        List<TwinSample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(new TwinSample(asset, t0.plusSeconds(i), 230 + i * 0.01, 15.2, 0.921, 0.151,
                    i < 30 ? TwinSample.HEALTHY_MONITORING : TwinSample.FAULT_INJECTION, i >= 30,
                    i < 30 ? null : "JITTER", i < 30 ? null : "SEVERE", 0.5 + i / 1000.0));
        }
        t.writeTwinSamples(samples);
        t.writeTwinSamples(samples.subList(0, 5)); // idempotent
        assertEquals(samples, t.twinSamples(asset, t0, t0.plusSeconds(60)));
        assertEquals(samples.subList(10, 20), t.twinSamples(asset, t0.plusSeconds(10), t0.plusSeconds(20)));
        assertEquals(10, t.deleteTwinSamples(asset, t0, t0.plusSeconds(10)));
        // in parts, the oldest first (a purge's background task deletes a long history so)
        assertEquals(15, t.deleteTwinSamples(asset, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 15));
        assertEquals(samples.subList(25, 60), t.twinSamples(asset, t0, t0.plusSeconds(60)));
        // exactly the instants named (a cancelled calibration's own samples), not those between them
        assertEquals(2, t.deleteTwinSamples(asset, List.of(t0.plusSeconds(26), t0.plusSeconds(28))));
        List<TwinSample> left = new ArrayList<>(samples.subList(25, 60));
        left.remove(3);
        left.remove(1);
        assertEquals(left, t.twinSamples(asset, t0, t0.plusSeconds(60)));
        assertEquals(33, t.deleteTwinSamples(asset, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"), 100));
        assertTrue(t.twinSamples(asset, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")).isEmpty());
    }

    @Test
    void jobRunsAreRecorded() {
        JobStore jobs = stores().jobs();
        String id = "test_" + UUID.randomUUID();
        Instant s = Instant.parse("2025-10-15T00:30:00Z");
        jobs.record(new JobStore.JobRun(id, s, s.plusSeconds(3), "success", "8 machines"));
        jobs.record(new JobStore.JobRun(id, s.plusSeconds(86400), s.plusSeconds(86404), "failed", "boom"));
        JobStore.JobRun last = jobs.lastRun(id).orElseThrow();
        assertEquals("failed", last.status());
        assertEquals(s.plusSeconds(86400), last.startedAt());
        assertTrue(jobs.lastRun("never_" + UUID.randomUUID()).isEmpty());
        // two runs that overlap: the later one is running when the earlier one finishes, and its record stays
        Instant later = s.plusSeconds(2 * 86400).plusMillis(500);
        jobs.record(new JobStore.JobRun(id, later, null, "running", null, later.plusSeconds(300)));
        jobs.record(new JobStore.JobRun(id, later.minusMillis(700), later.plusSeconds(5), "success", "the earlier run"));
        assertEquals(new JobStore.JobRun(id, later, null, "running", null, later.plusSeconds(300)), jobs.lastRun(id).orElseThrow(),
                "a running record keeps its invocation's deadline");
        jobs.record(new JobStore.JobRun(id, later, later.plusSeconds(9), "success", "the later run"));
        assertEquals("the later run", jobs.lastRun(id).orElseThrow().message());
    }

    @Test
    void healthSeesTheTables() {
        var checks = stores().health(true);
        assertTrue(checks.stream().allMatch(c -> c.ok()), checks.toString());
    }
}
