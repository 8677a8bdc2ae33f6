package io.wattline.calibration;

import io.wattline.domain.OutdoorTemperature;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.domain.TwinSample;
import io.wattline.jobs.TaskSubmitter;
import io.wattline.store.ArtifactStore;
import io.wattline.store.StateStore;
import io.wattline.store.TelemetryStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory ports with the contracts of the adapters (conditional versions, idempotent points, versioned blobs). */
final class Fakes {
    private Fakes() {}

    static class States implements StateStore {
        final Map<String, Doc> docs = new TreeMap<>();
        final List<String> writtenMessages = new CopyOnWriteArrayList<>();

        @Override
        public synchronized Optional<Doc> get(String kind, String id) {
            return Optional.ofNullable(docs.get(kind + "/" + id));
        }

        @Override
        public synchronized List<Doc> list(String kind) {
            return docs.values().stream().filter(d -> d.kind().equals(kind)).toList();
        }

        @Override
        public synchronized long put(String kind, String id, String json, long expectedVersion) {
            Doc old = docs.get(kind + "/" + id);
            long current = old == null ? 0 : old.version();
            if (current != expectedVersion) {
                throw new StaleVersionException(kind, id, expectedVersion);
            }
            docs.put(kind + "/" + id, new Doc(kind, id, json, current + 1, Instant.now()));
            writtenMessages.add(TwinRecord.fromJson(json).message());
            return current + 1;
        }

        @Override
        public synchronized boolean delete(String kind, String id) {
            return docs.remove(kind + "/" + id) != null;
        }
    }

    static final class Telemetry implements TelemetryStore {
        final Map<String, TreeMap<Instant, TwinSample>> series = new ConcurrentHashMap<>();

        @Override
        public synchronized void writeTwinSamples(List<TwinSample> samples) {
            samples.forEach(s -> series.computeIfAbsent(s.assetId(), k -> new TreeMap<>()).put(s.timestamp(), s));
        }

        @Override
        public synchronized List<TwinSample> twinSamples(String assetId, Instant from, Instant to) {
            return List.copyOf(series.getOrDefault(assetId, new TreeMap<>()).subMap(from, to).values());
        }

        @Override
        public synchronized int deleteTwinSamples(String assetId, Instant from, Instant to) {
            TreeMap<Instant, TwinSample> s = series.get(assetId);
            if (s == null) return 0;
            var range = s.subMap(from, to);
            int n = range.size();
            range.clear();
            return n;
        }

        synchronized int count(String assetId) {
            return series.getOrDefault(assetId, new TreeMap<>()).size();
        }

        @Override public void writeReadings(List<Reading> readings) { throw new UnsupportedOperationException(); }
        @Override public void writeProduction(List<ProductionCount> counts) { throw new UnsupportedOperationException(); }
        @Override public void writeOutdoorTemperatures(List<OutdoorTemperature> t) { throw new UnsupportedOperationException(); }
        @Override public List<Reading> readings(UUID m, Instant f, Instant t) { throw new UnsupportedOperationException(); }
        @Override public List<ProductionCount> production(UUID m, Instant f, Instant t) { throw new UnsupportedOperationException(); }
        @Override public List<OutdoorTemperature> outdoorTemperatures(UUID f, Instant a, Instant b) { throw new UnsupportedOperationException(); }
        @Override public List<Rollup> rollups(UUID m, Resolution r, Instant f, Instant t) { throw new UnsupportedOperationException(); }
        @Override public Optional<Reading> latest(UUID m) { throw new UnsupportedOperationException(); }
    }

    static final class Artifacts implements ArtifactStore {
        record Blob(String versionId, byte[] content, Instant at) {}

        final Map<String, List<Blob>> blobs = new ConcurrentHashMap<>();
        final AtomicInteger gets = new AtomicInteger();

        @Override
        public String put(String key, byte[] content, Map<String, String> metadata) {
            String v = UUID.randomUUID().toString();
            blobs.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(new Blob(v, content.clone(), Instant.now()));
            return v;
        }

        @Override
        public Optional<byte[]> get(String key, String versionId) {
            gets.incrementAndGet();
            List<Blob> b = blobs.get(key);
            if (b == null || b.isEmpty()) return Optional.empty();
            return b.stream().filter(x -> versionId == null || x.versionId().equals(versionId)).reduce((a, c) -> c)
                    .map(Blob::content);
        }

        @Override
        public List<Version> versions(String key) {
            List<Version> out = new ArrayList<>();
            List<Blob> b = blobs.getOrDefault(key, List.of());
            for (int i = 0; i < b.size(); i++) {
                out.add(new Version(key, b.get(i).versionId(), b.get(i).content().length, b.get(i).at(), i == b.size() - 1));
            }
            out.sort(Comparator.comparing(Version::lastModified).reversed());
            return out;
        }

        @Override
        public int deleteAll(String prefix) {
            int n = 0;
            for (String k : List.copyOf(blobs.keySet())) {
                if (k.startsWith(prefix)) n += blobs.remove(k).size();
            }
            return n;
        }

        int count(String prefix) {
            return blobs.keySet().stream().filter(k -> k.startsWith(prefix)).mapToInt(k -> blobs.get(k).size()).sum();
        }
    }

    /** Keeps the submitted tasks; the test runs them when it wants (an asynchronous invocation). */
    static final class Tasks implements TaskSubmitter {
        record Task(String function, String task, Map<String, Object> payload) {}

        final List<Task> submitted = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public void submit(String function, String task, Map<String, Object> payload) {
            if (failing) throw new IllegalStateException("invoke failed");
            submitted.add(new Task(function, task, Map.copyOf(payload)));
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
