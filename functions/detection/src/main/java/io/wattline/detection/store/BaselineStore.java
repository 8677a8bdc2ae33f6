package io.wattline.detection.store;

import io.wattline.analytics.detect.Baseline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Machines' learned normals for the detection API, per API key: a key sees only its own. */
public interface BaselineStore {
    record Stored(String keyId, String machineId, Baseline baseline, Instant learnedAt) {}

    void put(Stored baseline);

    Optional<Stored> get(String keyId, String machineId);

    /** Forgets a machine; false when there was nothing to forget. */
    boolean delete(String keyId, String machineId);

    /** Every machine's baseline under one key (a key's rotation copies them to its successor). */
    List<Stored> list(String keyId);
}
