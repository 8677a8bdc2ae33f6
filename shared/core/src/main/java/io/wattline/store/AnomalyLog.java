package io.wattline.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read side of the stored anomalies, for functions that show them without owning them (the heatmaps'
 * {@code anomaly} flag, {@code health}'s {@code recent_anomalies}, the hours forecasting does not learn from). The
 * anomaly function writes them.
 */
@FunctionalInterface
public interface AnomalyLog {
    /** Nothing stored (a function wired without the log). */
    AnomalyLog NONE = (from, to) -> List.of();

    /**
     * One stored anomaly, as much of it as readers need: {@code [detectedAt, windowEnd)} is the stretch it covers, its
     * {@code type} the seed's {@code anomaly_type} ({@code energy_spike}, {@code energy_drop}, {@code stuck_meter}, ...).
     */
    record Entry(String id, UUID machineId, Instant detectedAt, Instant windowEnd, String type, String severity,
                 String status) {}

    /** Anomalies detected in {@code [from, to)}, in time order. */
    List<Entry> detectedBetween(Instant from, Instant to);
}
