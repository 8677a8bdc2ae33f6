package io.wattline.anomaly.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The anomaly store in memory, counting writes (so tests can see that a repeat writes nothing). */
public final class MemoryAnomalyStore implements AnomalyStore {
    private final Map<String, Anomaly> byId = new LinkedHashMap<>();
    public final AtomicInteger writes = new AtomicInteger();

    @Override
    public synchronized boolean insert(Anomaly a) {
        if (byId.containsKey(a.id())) return false;
        byId.put(a.id(), a);
        writes.incrementAndGet();
        return true;
    }

    @Override
    public synchronized Optional<Anomaly> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Anomaly> extend(Anomaly grown) {
        Anomaly stored = byId.get(grown.id());
        if (stored == null) return Optional.empty();
        if (!grown.windowEnd().isAfter(stored.windowEnd())) return Optional.of(stored);
        Anomaly extended = stored.extendedBy(grown);
        byId.put(stored.id(), extended);
        writes.incrementAndGet();
        return Optional.of(extended);
    }

    @Override
    public synchronized List<Anomaly> detectedBetween(Instant from, Instant to) {
        return byId.values().stream().filter(a -> !a.detectedAt().isBefore(from) && a.detectedAt().isBefore(to))
                .sorted(Comparator.comparing(Anomaly::detectedAt).reversed()).toList();
    }

    @Override
    public synchronized List<Anomaly> unresolved() {
        return byId.values().stream().filter(a -> a.status().equals(Anomaly.UNRESOLVED))
                .sorted(Comparator.comparing(Anomaly::detectedAt).reversed()).toList();
    }

    @Override
    public synchronized boolean withdraw(Anomaly read) {
        Anomaly a = byId.get(read.id());
        if (a == null || !a.status().equals(Anomaly.UNRESOLVED) || !a.windowEnd().equals(read.windowEnd())) return false;
        byId.remove(read.id());
        writes.incrementAndGet();
        return true;
    }

    @Override
    public synchronized Optional<Anomaly> resolve(String id, Instant at, String notes) {
        Anomaly a = byId.get(id);
        if (a == null) return Optional.empty();
        if (a.status().equals(Anomaly.RESOLVED)) return Optional.of(a);
        Anomaly r = a.resolved(at, notes);
        byId.put(id, r);
        writes.incrementAndGet();
        return Optional.of(r);
    }
}
