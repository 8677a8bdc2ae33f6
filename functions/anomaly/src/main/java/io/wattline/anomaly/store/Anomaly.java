package io.wattline.anomaly.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored anomaly: seed 001's fields, plus the end of the span it covers and the resolution notes.
 * {@code expectedValue}, {@code deviation} and {@code deviationPercent} are null where there is no expectation
 * (a stuck meter repeats a value; nothing is predicted). {@code judgedBy} names what found it (the baseline version and
 * its granularity, the seasonal rule, the readings of a stuck meter; null in anomalies stored before it was kept): a
 * later run withdraws it only when the same judge no longer finds it, that is when the data under it changed.
 */
public record Anomaly(String id, UUID machineId, String machineName, Instant detectedAt, Instant windowEnd,
                      String severity, String anomalyType, String description, Double actualValue,
                      Double expectedValue, Double deviation, Double deviationPercent, String status,
                      Instant resolvedAt, String resolutionNotes, String judgedBy) {
    public static final String UNRESOLVED = "unresolved", RESOLVED = "resolved";

    /**
     * The id of what was found: the same machine, type and span give the same id whichever run found it (the
     * hourly job, a manual detect, the same window twice), so storing it again is a no-op.
     */
    public static String idOf(UUID machineId, String type, String spanKey) {
        return UUID.nameUUIDFromBytes((machineId + "|" + type + "|" + spanKey).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * This anomaly with the span end, severity, description and figures of a later sighting that reaches further.
     * Resolved before that sighting's end, it is open again: the fault outlasted its resolution (a meter still stuck
     * after someone marked it fixed), and a resolved anomaly alerts no one.
     */
    public Anomaly extendedBy(Anomaly grown) {
        boolean outlasted = RESOLVED.equals(status) && resolvedAt != null && grown.windowEnd().isAfter(resolvedAt);
        return new Anomaly(id, machineId, machineName, detectedAt, grown.windowEnd(), grown.severity(), anomalyType,
                grown.description(), grown.actualValue(), grown.expectedValue(), grown.deviation(), grown.deviationPercent(),
                outlasted ? UNRESOLVED : status, outlasted ? null : resolvedAt, outlasted ? null : resolutionNotes, judgedBy);
    }

    public Anomaly resolved(Instant at, String notes) {
        return new Anomaly(id, machineId, machineName, detectedAt, windowEnd, severity, anomalyType, description,
                actualValue, expectedValue, deviation, deviationPercent, RESOLVED, at, notes, judgedBy);
    }
}
