package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * Something the monitoring noticed in simulated second {@code second}.
 *
 * @param type     {@code DEGRADATION_THRESHOLD}, {@code ANOMALY_DETECTED} or {@code RECOVERED}
 * @param level    {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param di       the degradation index after that second
 */
public record TwinEvent(long second, String type, String level, String message, double di) implements Serializable {
    public static final String DEGRADATION_THRESHOLD = "DEGRADATION_THRESHOLD";
    public static final String ANOMALY_DETECTED = "ANOMALY_DETECTED";
    public static final String RECOVERED = "RECOVERED";
}
