package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One meter reading: power at the timestamp and the energy of the interval that ends there.
 * Optional electrical and thermal fields are null when the meter does not send them.
 */
public record Reading(UUID machineId, Instant timestamp, double powerKw, double energyKwh,
                      Double currentA, Double voltageV, Double powerFactor, Double frequencyHz,
                      Double temperatureC) {

    public Reading withTimestamp(Instant t) {
        return new Reading(machineId, t, powerKw, energyKwh, currentA, voltageV, powerFactor, frequencyHz, temperatureC);
    }
}
