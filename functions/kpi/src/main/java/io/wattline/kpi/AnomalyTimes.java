package io.wattline.kpi;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When stored anomalies of a machine happened, for the heatmaps' {@code anomaly} flag: read from the anomaly
 * function's log in the state table ({@link #of}); {@link #NONE} (tests) answers that there are none.
 */
@FunctionalInterface
public interface AnomalyTimes {
    AnomalyTimes NONE = (machine, from, to) -> List.of();

    /** Timestamps of the machine's anomalies in {@code [from, to)}. */
    List<Instant> between(UUID machineId, Instant from, Instant to);

    /** The machine's anomalies from the shared anomaly log. */
    static AnomalyTimes of(io.wattline.store.AnomalyLog log) {
        return (machine, from, to) -> log.detectedBetween(from, to).stream()
                .filter(e -> e.machineId().equals(machine)).map(io.wattline.store.AnomalyLog.Entry::detectedAt).toList();
    }
}
