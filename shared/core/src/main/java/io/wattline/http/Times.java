package io.wattline.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The suite's wire form of an instant: ISO 8601 in UTC with an explicit offset, as the seeds show. */
public final class Times {
    private static final DateTimeFormatter WHOLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter FRACTION = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Times() {}

    /** {@code 2025-10-14T01:00:00+00:00}; sub-second instants keep microseconds. */
    public static String iso(Instant t) {
        return (t.getNano() == 0 ? WHOLE : FRACTION).format(t.atOffset(ZoneOffset.UTC));
    }
}
