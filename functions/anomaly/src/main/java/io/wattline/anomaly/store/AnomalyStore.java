package io.wattline.anomaly.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The anomaly function's anomalies: idempotent inserts, the extension of one that grew, reads by time and id, the one
 * state transition.
 */
public interface AnomalyStore {
    /** Stores the anomaly unless one with its id exists; true if it was new. */
    boolean insert(Anomaly anomaly);

    Optional<Anomaly> get(String id);

    /**
     * Brings a stored anomaly up to date with a later sighting that reaches further ({@code grown}'s
     * {@code windowEnd} after the stored one's: a stuck meter still stuck): its span end, severity, description and
     * figures become {@code grown}'s; its id, detection time, status and resolution stay. A sighting that reaches no
     * further writes nothing. Returns the anomaly as stored afterwards, empty if none has {@code grown}'s id.
     */
    Optional<Anomaly> extend(Anomaly grown);

    /** Anomalies detected in {@code [from, to)}, newest first. */
    List<Anomaly> detectedBetween(Instant from, Instant to);

    /** Every unresolved anomaly, newest first. */
    List<Anomaly> unresolved();

    /**
     * Removes an unresolved anomaly that a later detection no longer finds (the data under it changed), as it was read;
     * true if it was removed, false if there is none, it was resolved meanwhile (a resolution is a person's record and
     * stays) or another run extended it since.
     */
    boolean withdraw(Anomaly read);

    /**
     * Marks the anomaly resolved, once: if it already is, nothing is written and the stored one is returned.
     * Empty if there is no such anomaly.
     */
    Optional<Anomaly> resolve(String id, Instant at, String notes);
}
