package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * Counts behind {@code healthy_stability} (% of healthy batches judged healthy) and
 * {@code fault_capture_rate} (% of faulty batches flagged), rounded to one decimal; null while there is no batch
 * of the kind to count (no fault injected yet: a capture rate of 100 % read as a test passed); calibrate and stop
 * reset them.
 */
public record ValidationMetrics(long healthyTotal, long healthyCorrect, long faultyTotal, long faultyCorrect)
        implements Serializable {
    public static final ValidationMetrics EMPTY = new ValidationMetrics(0, 0, 0, 0);

    /** Counts one batch. */
    public ValidationMetrics record(boolean faultInjected, boolean flagged) {
        return faultInjected
                ? new ValidationMetrics(healthyTotal, healthyCorrect, faultyTotal + 1, faultyCorrect + (flagged ? 1 : 0))
                : new ValidationMetrics(healthyTotal + 1, healthyCorrect + (flagged ? 0 : 1), faultyTotal, faultyCorrect);
    }

    public Double healthyStability() {
        return percent(healthyCorrect, healthyTotal);
    }

    public Double faultCaptureRate() {
        return percent(faultyCorrect, faultyTotal);
    }

    private static Double percent(long part, long total) {
        return total == 0 ? null : Math.round(1000.0 * part / total) / 10.0;
    }
}
