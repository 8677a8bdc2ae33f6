package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/** Outdoor air temperature at a factory, one per hour (stamped at the start of the hour it stands for). */
public record OutdoorTemperature(UUID factoryId, Instant timestamp, double temperatureC) {
    /** Outdoor temperatures beyond Earth's records (−89.2 °C, 56.7 °C) by a margin are a wrong unit or a broken sensor. */
    public static final double MIN_C = -100, MAX_C = 70;
}
