package io.wattline.lifecycle;

import java.time.Instant;
import java.util.UUID;

/** A model whose quality fell below its threshold; resolved when a later evaluation is back above it. */
public record PerformanceAlert(String alertId, String modelType, UUID machineId, String machineName, String alertType,
                               String severity, String message, double currentValue, double threshold, Instant createdAt,
                               String status, Instant resolvedAt) {
    public static final String UNRESOLVED = "unresolved", RESOLVED = "resolved";

    PerformanceAlert resolved(Instant at) {
        return new PerformanceAlert(alertId, modelType, machineId, machineName, alertType, severity, message, currentValue,
                threshold, createdAt, RESOLVED, at);
    }

    /** This open alert with a later evaluation's figure and severity (it keeps its id, message and creation time). */
    PerformanceAlert withLatest(PerformanceAlert later) {
        return new PerformanceAlert(alertId, modelType, machineId, machineName, alertType, later.severity(), message,
                later.currentValue(), threshold, createdAt, status, resolvedAt);
    }
}
