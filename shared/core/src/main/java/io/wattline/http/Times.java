package io.wattline.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The suite's wire form of an instant (ISO 8601 in UTC with an explicit offset, as the seeds show) and the one check
 * of a requested period.
 */
public final class Times {
    private static final DateTimeFormatter WHOLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter FRACTION = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Times() {}

    /** {@code 2025-10-14T01:00:00+00:00}; sub-second instants keep microseconds. */
    public static String iso(Instant t) {
        return (t.getNano() == 0 ? WHOLE : FRACTION).format(t.atOffset(ZoneOffset.UTC));
    }

    /**
     * A requested half-open period [start, end): 400 {@code Invalid time range} when it is empty or reversed, 400
     * {@code Time range too long: at most N days <per>} when it is longer than {@code maxDays} days.
     */
    public static void checkPeriod(Instant start, Instant end, long maxDays, String per) {
        if (!start.isBefore(end)) throw ApiException.badRequest("Invalid time range");
        if (Duration.between(start, end).compareTo(Duration.ofDays(maxDays)) > 0) {
            throw ApiException.badRequest("Time range too long: at most " + maxDays + " days " + per);
        }
    }
}
