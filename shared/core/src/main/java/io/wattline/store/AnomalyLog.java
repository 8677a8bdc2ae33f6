package io.wattline.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The read side of the stored anomalies, for functions that show them without owning them (the heatmaps'
 * {@code anomaly} flag, {@code health}'s {@code recent_anomalies}). The anomaly function writes them.
 */
public interface AnomalyLog {
    /** One stored anomaly, as much of it as readers need. */
    record Entry(String id, UUID machineId, Instant detectedAt, String severity, String status) {}

    /** Anomalies detected in {@code [from, to)}, in time order. */
    List<Entry> detectedBetween(Instant from, Instant to);
}
