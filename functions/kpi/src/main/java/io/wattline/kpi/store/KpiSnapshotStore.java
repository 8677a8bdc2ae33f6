package io.wattline.kpi.store;

import io.wattline.analytics.kpi.DailyKpiSnapshot;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Daily KPI snapshots, one per (machine, local date). Every day's item carries a mark that changes whenever it is
 * written or forgotten (late data for the day: {@link io.wattline.store.DailySnapshots#forget}). A snapshot computed
 * from what a read saw is stored only if its day's mark is still the one that read saw: a late reading landing while a
 * KPI read recomputed the day made it store a snapshot without that reading, which nothing replaced.
 */
public interface KpiSnapshotStore extends io.wattline.store.DailySnapshots {
    /** Days as read: their snapshots, and the mark of every day that has an item (a forgotten day has one too). */
    record Range(List<DailyKpiSnapshot> snapshots, Map<LocalDate, String> marks) {}

    /** The machine's days {@code first..last} (inclusive), snapshots in date order. */
    Range read(UUID machineId, LocalDate first, LocalDate last);

    /** The machine's snapshots of {@code first..last} (inclusive), in date order. */
    default List<DailyKpiSnapshot> range(UUID machineId, LocalDate first, LocalDate last) {
        return read(machineId, first, last).snapshots();
    }

    /**
     * Stores the machine's snapshots, each only if its day's item is as {@code marks} saw it (no mark: the day had no
     * item); a day changed since is left for the next read to compute again. Returns how many were stored.
     */
    int putAll(UUID machineId, List<DailyKpiSnapshot> snapshots, Map<LocalDate, String> marks);
}
