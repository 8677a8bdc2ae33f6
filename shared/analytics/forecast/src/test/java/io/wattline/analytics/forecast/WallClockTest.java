package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The factory's hours across both clock changes of a year: a skipped hour is a gap, a doubled hour one step. */
class WallClockTest {
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void theNightTheClocksGoForwardHasAGapFilledBetweenItsNeighbours() {
        // 2026-03-08 00:00 CST = 06:00 UTC; 02:00 local does not exist
        Instant first = Instant.parse("2026-03-08T06:00:00Z");
        WallClock clock = WallClock.from(CHICAGO, first);
        double[] utc = {10, 11, 13, 14}; // local 00:00, 01:00, 03:00, 04:00
        double[] local = clock.of(first, utc);
        assertEquals(5, local.length);
        assertEquals(Double.NaN, local[2]);
        assertArrayEquals(new double[]{10, 11, 12, 13, 14}, WallClock.filled(local), 1e-12);
        // the step after the gap starts at the instant after it
        assertEquals(Instant.parse("2026-03-08T08:00:00Z").getEpochSecond(), clock.epochSeconds(2, 1)[0]);
    }

    @Test
    void theNightTheClocksGoBackAveragesItsDoubledHourAndForecastsItTwice() {
        // 2026-11-01 00:00 CDT = 05:00 UTC; 01:00 local comes twice (06:00 and 07:00 UTC)
        Instant first = Instant.parse("2026-11-01T05:00:00Z");
        WallClock clock = WallClock.from(CHICAGO, first);
        double[] local = clock.of(first, new double[]{10, 20, 30, 40});
        assertArrayEquals(new double[]{10, 25, 40}, local, 1e-12);
        Forecast steps = new Forecast(new double[]{1, 2, 3}, new double[]{0, 1, 2}, new double[]{2, 3, 4}, 0.95);
        long[] hours = {first.getEpochSecond(), first.getEpochSecond() + 3600, first.getEpochSecond() + 7200,
                first.getEpochSecond() + 10800};
        assertEquals(3, clock.stepsToCover(0, hours));
        Forecast byHour = clock.atHours(steps, 0, hours);
        assertArrayEquals(new double[]{1, 2, 2, 3}, byHour.mean(), 1e-12);
        assertArrayEquals(new double[]{2, 3, 3, 4}, byHour.upper(), 1e-12);
    }

    @Test
    void hoursReadAfterTheOriginLandOnTheirOwnStepsAndThoseBeforeItAreLeftOut() {
        // a clock whose step 0 is 02:00 of the spring night (skipped): 03:00 CDT is step 1, 04:00 step 2
        WallClock spring = new WallClock(CHICAGO, java.time.LocalDateTime.parse("2026-03-08T02:00"));
        Instant threeAm = Instant.parse("2026-03-08T08:00:00Z");
        assertEquals(1, spring.index(threeAm));
        double[] onClock = spring.of(threeAm, new double[]{30, 40});
        assertEquals(3, onClock.length);
        assertEquals(Double.NaN, onClock[0]);
        assertArrayEquals(new double[]{30, 40}, java.util.Arrays.copyOfRange(onClock, 1, 3), 1e-12);
        // a clock whose step 0 is 02:00 of the autumn night: the second 01:00 is step -1, left out
        WallClock autumn = new WallClock(CHICAGO, java.time.LocalDateTime.parse("2026-11-01T02:00"));
        Instant secondOneAm = Instant.parse("2026-11-01T07:00:00Z");
        assertEquals(-1, autumn.index(secondOneAm));
        assertArrayEquals(new double[]{50}, autumn.of(secondOneAm, new double[]{99, 50}), 1e-12);
        // and forecast at step 0's values
        Forecast steps = new Forecast(new double[]{7}, new double[]{6}, new double[]{8}, 0.95);
        long[] hours = {secondOneAm.getEpochSecond(), secondOneAm.getEpochSecond() + 3600};
        assertEquals(1, autumn.stepsToCover(0, hours));
        assertArrayEquals(new double[]{7, 7}, autumn.atHours(steps, 0, hours).mean(), 1e-12);
    }

    @Test
    void aWeekIs168StepsOfTheFactorysClockAcrossAChange() {
        Instant mondayBefore = Instant.parse("2026-03-02T20:00:00Z"); // 14:00 CST
        WallClock clock = WallClock.from(CHICAGO, mondayBefore);
        assertEquals(168, clock.index(Instant.parse("2026-03-09T19:00:00Z"))); // 14:00 CDT, 167 UTC hours later
        assertEquals("2026-03-09T14:00", clock.at(168).toString());
    }
}
