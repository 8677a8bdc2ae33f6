package io.wattline.detection.store;

import io.wattline.analytics.detect.Baseline;

import java.time.Instant;
import java.util.Optional;

/** Machines' learned normals for the detection API, per API key: a key sees only its own. */
public interface BaselineStore {
    record Stored(String keyId, String machineId, Baseline baseline, Instant learnedAt) {}

    void put(Stored baseline);

    Optional<Stored> get(String keyId, String machineId);

    /** Forgets a machine; false when there was nothing to forget. */
    boolean delete(String keyId, String machineId);
}
