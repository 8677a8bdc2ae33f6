package io.wattline.kpi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When stored anomalies of a machine happened, for the heatmaps' {@code anomaly} flag. Until the anomaly
 * store exists (the detection context owns it), {@link #NONE} answers that there are none.
 */
@FunctionalInterface
public interface AnomalyTimes {
    AnomalyTimes NONE = (machine, from, to) -> List.of();

    /** Timestamps of the machine's anomalies in {@code [from, to)}. */
    List<Instant> between(UUID machineId, Instant from, Instant to);
}
