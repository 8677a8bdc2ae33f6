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

    private final Map<UUID, NavigableMap<LocalDate, String>> marks = new ConcurrentHashMap<>();

    @Override
    public synchronized int putAll(UUID machineId, List<DailyKpiSnapshot> snapshots, Map<LocalDate, String> seen) {
        int stored = 0;
        for (DailyKpiSnapshot s : snapshots) {
            NavigableMap<LocalDate, String> m = marks.computeIfAbsent(machineId, k -> new ConcurrentSkipListMap<>());
            if (!java.util.Objects.equals(m.get(s.date()), seen.get(s.date()))) continue; // changed since it was read
            byMachine.computeIfAbsent(machineId, k -> new ConcurrentSkipListMap<>()).put(s.date(), s);
            m.put(s.date(), UUID.randomUUID().toString());
            puts.incrementAndGet();
            stored++;
        }
        return stored;
    }

    /** Forgets the days as late data does: their snapshots go, their marks change. */
    public synchronized void forget(UUID machineId, java.util.Collection<LocalDate> days) {
        for (LocalDate d : days) {
            NavigableMap<LocalDate, DailyKpiSnapshot> m = byMachine.get(machineId);
            if (m != null) m.remove(d);
            marks.computeIfAbsent(machineId, k -> new ConcurrentSkipListMap<>()).put(d, UUID.randomUUID().toString());
        }
    }

    @Override
    public synchronized Range read(UUID machineId, LocalDate first, LocalDate last) {
        NavigableMap<LocalDate, DailyKpiSnapshot> m = byMachine.get(machineId);
        NavigableMap<LocalDate, String> k = marks.get(machineId);
        if (last.isBefore(first)) return new Range(List.of(), Map.of());
        return new Range(m == null ? List.of() : new ArrayList<>(m.subMap(first, true, last, true).values()),
                k == null ? Map.of() : Map.copyOf(k.subMap(first, true, last, true)));
    }

    public int size() {
        return byMachine.values().stream().mapToInt(Map::size).sum();
    }

    public void clear() {
        byMachine.clear();
        marks.clear();
    }
}
