package io.wattline.testing;

import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.Rollups;
import io.wattline.store.TelemetryStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link TelemetryStore} in memory for tests: idempotent on (series, timestamp), with roll-ups kept
 * in step by the same write the way {@code DynamoTelemetryStore} keeps them — touched 15-minute
 * buckets recomputed from the points with {@link Rollups}, then their hours from the quarters, then
 * their days from the hours.
 */
public final class MemoryTelemetryStore implements TelemetryStore {
    private final Map<UUID, NavigableMap<Instant, Reading>> readings = new HashMap<>();
    private final Map<UUID, NavigableMap<Instant, ProductionCount>> production = new HashMap<>();
    private final Map<UUID, NavigableMap<Instant, OutdoorTemperature>> weather = new HashMap<>();
    private final Map<String, NavigableMap<Instant, Rollup>> rollups = new HashMap<>();
    private final Map<String, NavigableMap<Instant, io.wattline.domain.TwinSample>> twin = new HashMap<>();

    @Override
    public synchronized void writeTwinSamples(List<io.wattline.domain.TwinSample> samples) {
        for (var s : samples) twin.computeIfAbsent(s.assetId(), k -> new java.util.TreeMap<>()).put(s.timestamp(), s);
    }

    @Override
    public synchronized List<io.wattline.domain.TwinSample> twinSamples(String assetId, Instant from, Instant to) {
        return List.copyOf(twin.getOrDefault(assetId, new java.util.TreeMap<>()).subMap(from, true, to, false).values());
    }

    @Override
    public synchronized int deleteTwinSamples(String assetId, Instant from, Instant to, int limit) {
        var range = twin.getOrDefault(assetId, new java.util.TreeMap<>()).subMap(from, true, to, false);
        int n = 0;
        for (var it = range.keySet().iterator(); it.hasNext() && n < limit; n++) {
            it.next();
            it.remove();
        }
        return n;
    }

    @Override
    public synchronized int deleteTwinSamples(String assetId, java.util.Collection<Instant> timestamps) {
        var series = twin.getOrDefault(assetId, new java.util.TreeMap<>());
        timestamps.forEach(series::remove);
        return (int) timestamps.stream().mapToLong(Instant::toEpochMilli).distinct().count();
    }

    /** How many twin samples the asset has. */
    public synchronized int twinSampleCount(String assetId) {
        return twin.getOrDefault(assetId, new java.util.TreeMap<>()).size();
    }

    @Override
    public synchronized void writeReadings(List<Reading> rs) {
        Map<UUID, TreeSet<Instant>> touched = new HashMap<>();
        for (Reading r : rs) {
            series(readings, r.machineId()).put(r.timestamp(), r);
            touched.computeIfAbsent(r.machineId(), k -> new TreeSet<>()).add(Resolution.MIN15.bucketOf(r.timestamp()));
        }
        touched.forEach(this::refresh);
    }

    @Override
    public synchronized void writeProduction(List<ProductionCount> counts) {
        Map<UUID, TreeSet<Instant>> touched = new HashMap<>();
        for (ProductionCount c : counts) {
            series(production, c.machineId()).put(c.timestamp(), c);
            touched.computeIfAbsent(c.machineId(), k -> new TreeSet<>()).add(Resolution.MIN15.bucketOf(c.timestamp()));
        }
        touched.forEach(this::refresh);
    }

    @Override
    public synchronized void writeOutdoorTemperatures(List<OutdoorTemperature> temperatures) {
        for (OutdoorTemperature t : temperatures) series(weather, t.factoryId()).put(t.timestamp(), t);
    }

    private void refresh(UUID machine, TreeSet<Instant> quarters) {
        TreeSet<Instant> hours = new TreeSet<>();
        for (Instant q : quarters) {
            Instant end = q.plus(Resolution.MIN15.length());
            List<Rollup> b = Rollups.aggregate(Resolution.MIN15,
                    new ArrayList<>(series(readings, machine).subMap(q, end).values()),
                    new ArrayList<>(series(production, machine).subMap(q, end).values()));
            if (b.isEmpty()) rollupSeries(Resolution.MIN15, machine).remove(q);
            else rollupSeries(Resolution.MIN15, machine).put(q, b.get(0));
            hours.add(Resolution.HOUR.bucketOf(q));
        }
        TreeSet<Instant> days = new TreeSet<>();
        for (Instant h : hours) {
            rebuild(machine, Resolution.HOUR, Resolution.MIN15, h);
            days.add(Resolution.DAY.bucketOf(h));
        }
        for (Instant d : days) rebuild(machine, Resolution.DAY, Resolution.HOUR, d);
    }

    private void rebuild(UUID machine, Resolution res, Resolution child, Instant bucket) {
        List<Rollup> children = new ArrayList<>(rollupSeries(child, machine).subMap(bucket, bucket.plus(res.length())).values());
        List<Rollup> b = Rollups.coarsen(children, res);
        if (b.isEmpty()) rollupSeries(res, machine).remove(bucket);
        else rollupSeries(res, machine).put(bucket, b.get(0));
    }

    private static <T> NavigableMap<Instant, T> series(Map<UUID, NavigableMap<Instant, T>> m, UUID id) {
        return m.computeIfAbsent(id, k -> new ConcurrentSkipListMap<>());
    }

    private NavigableMap<Instant, Rollup> rollupSeries(Resolution res, UUID machine) {
        return rollups.computeIfAbsent(res.code() + "#" + machine, k -> new TreeMap<>());
    }

    @Override
    public synchronized List<Reading> readings(UUID machineId, Instant from, Instant to) {
        return from.isBefore(to) ? List.copyOf(series(readings, machineId).subMap(from, to).values()) : List.of();
    }

    @Override
    public synchronized List<ProductionCount> production(UUID machineId, Instant from, Instant to) {
        return from.isBefore(to) ? List.copyOf(series(production, machineId).subMap(from, to).values()) : List.of();
    }

    @Override
    public synchronized List<OutdoorTemperature> outdoorTemperatures(UUID factoryId, Instant from, Instant to) {
        return from.isBefore(to) ? List.copyOf(series(weather, factoryId).subMap(from, to).values()) : List.of();
    }

    @Override
    public synchronized List<Rollup> rollups(UUID machineId, Resolution resolution, Instant from, Instant to) {
        return from.isBefore(to) ? List.copyOf(rollupSeries(resolution, machineId).subMap(from, to).values()) : List.of();
    }

    @Override
    public synchronized Optional<Reading> latest(UUID machineId) {
        var e = series(readings, machineId).lastEntry();
        return e == null ? Optional.empty() : Optional.of(e.getValue());
    }
}
