package io.wattline.domain;

import java.util.UUID;

/** A metered machine. */
public record Machine(UUID id, UUID factoryId, UUID departmentId, String name, String type,
                      double ratedPowerKw, double voltageV, double frequencyHz, boolean active) {}
