package io.wattline.kpi.store;

import io.wattline.analytics.kpi.DailyKpiSnapshot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link KpiSnapshotStore} in memory, counting puts, for tests. */
public final class MemoryKpiSnapshotStore implements KpiSnapshotStore {
    private final Map<UUID, NavigableMap<LocalDate, DailyKpiSnapshot>> byMachine = new ConcurrentHashMap<>();
    public final AtomicInteger puts = new AtomicInteger();

    @Override
    public void putAll(List<DailyKpiSnapshot> snapshots) {
        for (DailyKpiSnapshot s : snapshots) {
            byMachine.computeIfAbsent(s.machineId(), k -> new ConcurrentSkipListMap<>()).put(s.date(), s);
            puts.incrementAndGet();
        }
    }

    @Override
    public List<DailyKpiSnapshot> range(UUID machineId, LocalDate first, LocalDate last) {
        NavigableMap<LocalDate, DailyKpiSnapshot> m = byMachine.get(machineId);
        if (m == null || last.isBefore(first)) return List.of();
        return new ArrayList<>(m.subMap(first, true, last, true).values());
    }

    public int size() {
        return byMachine.values().stream().mapToInt(Map::size).sum();
    }

    public void clear() {
        byMachine.clear();
    }
}
