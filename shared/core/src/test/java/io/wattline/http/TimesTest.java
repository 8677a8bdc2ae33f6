package io.wattline.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

class TimesTest {
    static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void isoKeepsMicrosecondsOnlyWhenThereAreAny() {
        assertEquals("2026-03-01T00:00:00+00:00", Times.iso(T));
        assertEquals("2026-03-01T00:00:00.000250+00:00", Times.iso(T.plusNanos(250_000)));
    }

    @Test
    void aPeriodIsRefusedWhenEmptyReversedOrLongerThanItsLimit() {
        Times.checkPeriod(T, T.plusSeconds(7 * 86_400L), 7, "per request"); // exactly the limit
        ApiException empty = assertThrows(ApiException.class, () -> Times.checkPeriod(T, T, 7, "per request"));
        assertEquals(400, empty.status());
        assertEquals("Invalid time range", empty.getMessage());
        ApiException reversed = assertThrows(ApiException.class, () -> Times.checkPeriod(T, T.minusSeconds(1), 7, "per request"));
        assertEquals("Invalid time range", reversed.getMessage());
        ApiException longer = assertThrows(ApiException.class,
                () -> Times.checkPeriod(T, T.plusSeconds(7 * 86_400L + 1), 7, "of history per training"));
        assertEquals(400, longer.status());
        assertEquals("Time range too long: at most 7 days of history per training", longer.getMessage());
    }
}
