package io.wattline.detection;

import io.wattline.detection.store.BaselineStore;
import io.wattline.testing.MemoryKeyStore;
import io.wattline.store.UsageStore;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory stores with the DynamoDB adapters' semantics, for handler tests. */
final class MemoryStores {
    final MemoryKeyStore keys = new MemoryKeyStore();
    final Baselines baselines = new Baselines();
    final Usage usage = new Usage();

    static final class Baselines implements BaselineStore {
        final Map<String, Stored> items = new ConcurrentHashMap<>();

        @Override
        public void put(Stored b) {
            items.put(b.keyId() + "/" + b.machineId(), b);
        }

        @Override
        public Optional<Stored> get(String keyId, String machineId) {
            return Optional.ofNullable(items.get(keyId + "/" + machineId));
        }

        @Override
        public boolean delete(String keyId, String machineId) {
            return items.remove(keyId + "/" + machineId) != null;
        }

        @Override
        public java.util.List<Stored> list(String keyId) {
            return items.values().stream().filter(b -> b.keyId().equals(keyId)).toList();
        }
    }

    static class Usage implements UsageStore {
        final Map<String, long[]> totals = new ConcurrentHashMap<>();
        final Map<String, Map<String, Long>> ops = new ConcurrentHashMap<>();
        final Map<String, TreeMap<LocalDate, long[]>> days = new ConcurrentHashMap<>();

        @Override
        public synchronized void record(String keyId, String operation, int points, Instant at) {
            long[] t = totals.computeIfAbsent(keyId, k -> new long[2]);
            t[0]++;
            t[1] += points;
            ops.computeIfAbsent(keyId, k -> new TreeMap<>()).merge(operation, 1L, Long::sum);
            long[] d = days.computeIfAbsent(keyId, k -> new TreeMap<>())
                    .computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), k -> new long[2]);
            d[0]++;
            d[1] += points;
        }

        @Override
        public synchronized UsageStore.Usage get(String keyId, int n, Instant now) {
            long[] t = totals.getOrDefault(keyId, new long[2]);
            List<Day> out = new ArrayList<>();
            days.getOrDefault(keyId, new TreeMap<>()).descendingMap().forEach((date, v) -> out.add(new Day(date, v[0], v[1])));
            return new UsageStore.Usage(keyId, t[0], t[1], new TreeMap<>(ops.getOrDefault(keyId, Map.of())), out);
        }
    }
}
