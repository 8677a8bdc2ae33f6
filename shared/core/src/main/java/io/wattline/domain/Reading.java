package io.wattline.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One meter reading: power at the timestamp and the energy of the interval that starts there (booked at the timestamp:
 * its bucket, its tariff band and its production hour are the timestamp's).
 * Optional electrical and thermal fields are null when the meter does not send them.
 */
public record Reading(UUID machineId, Instant timestamp, double powerKw, double energyKwh,
                      Double currentA, Double voltageV, Double powerFactor, Double frequencyHz,
                      Double temperatureC) {
    /**
     * The largest measurement taken: far above any meter, and far below what the stores hold (DynamoDB numbers end
     * near 1e125), so sums of any batch stay storable.
     */
    public static final double MAX_MEASURE = 1e15;
    /** A machine's reported temperature: from absolute zero to far above any furnace. */
    public static final double MIN_TEMPERATURE_C = -273.15, MAX_TEMPERATURE_C = 10_000;


    public Reading withTimestamp(Instant t) {
        return new Reading(machineId, t, powerKw, energyKwh, currentA, voltageV, powerFactor, frequencyHz, temperatureC);
    }
}
