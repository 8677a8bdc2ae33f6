package io.wattline.domain;

import java.time.Duration;
import java.time.Instant;

/** The roll-up resolutions maintained at ingest (UTC-aligned buckets). */
public enum Resolution {
    MIN15("A15", Duration.ofMinutes(15)),
    HOUR("AH", Duration.ofHours(1)),
    DAY("AD", Duration.ofDays(1));

    private final String code;
    private final Duration length;

    Resolution(String code, Duration length) {
        this.code = code;
        this.length = length;
    }

    public String code() { return code; }
    public Duration length() { return length; }

    /** The start of the bucket that holds {@code t}. */
    public Instant bucketOf(Instant t) {
        long ms = length.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    /** The next coarser resolution, built from this one's buckets, or null. */
    public Resolution parent() {
        return switch (this) {
            case MIN15 -> HOUR;
            case HOUR -> DAY;
            case DAY -> null;
        };
    }
}
