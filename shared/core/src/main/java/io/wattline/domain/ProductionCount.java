package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/** Good units (and optionally rejects) produced in the hour that starts at the timestamp (booked in the timestamp's hour). */
public record ProductionCount(UUID machineId, Instant timestamp, long productionCount, long badCount) {}
