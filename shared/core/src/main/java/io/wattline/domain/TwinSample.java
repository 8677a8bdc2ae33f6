package io.wattline.domain;

import java.time.Instant;

/**
 * One stored sample of a twin's simulated motor.
 *
 * @param source    {@link #CALIBRATION}, {@link #HEALTHY_MONITORING} or {@link #FAULT_INJECTION}
 * @param faulty    the verdict of the batch (second) the sample belongs to
 * @param faultType the injected fault type, null when none
 * @param severity  the injected fault severity, null when none
 * @param score     the batch model's score of the sample's second, null for calibration samples
 */
public record TwinSample(String assetId, Instant timestamp, double voltageV, double currentA, double powerFactor,
                         double vibrationG, String source, boolean faulty, String faultType, String severity,
                         Double score) {
    public static final String CALIBRATION = "calibration";
    public static final String HEALTHY_MONITORING = "healthy_monitoring";
    public static final String FAULT_INJECTION = "fault_injection";
}
