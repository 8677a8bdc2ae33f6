package io.wattline.kpi.store;

import io.wattline.analytics.kpi.DailyKpiSnapshot;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Daily KPI snapshots, one per (machine, local date). Writing a day again replaces it (idempotent), so
 * the {@code kpi_calculate} job can be re-run and KPI reads can store days they had to recompute.
 */
public interface KpiSnapshotStore {
    void putAll(List<DailyKpiSnapshot> snapshots);

    /** The machine's snapshots for local dates {@code first..last} (inclusive), in date order. */
    List<DailyKpiSnapshot> range(UUID machineId, LocalDate first, LocalDate last);
}
