package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/** Good units (and optionally rejects) produced in the interval that ends at the timestamp. */
public record ProductionCount(UUID machineId, Instant timestamp, long productionCount, long badCount) {}
