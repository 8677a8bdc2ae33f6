package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/** Outdoor air temperature at a factory. */
public record OutdoorTemperature(UUID factoryId, Instant timestamp, double temperatureC) {}
