package io.wattline.analytics.detect;

import java.time.Instant;

/** One point of a series. The timestamp may be null when the granularity is none. */
public record TimePoint(Instant timestamp, double value) {
    public static TimePoint of(double value) {
        return new TimePoint(null, value);
    }
}
