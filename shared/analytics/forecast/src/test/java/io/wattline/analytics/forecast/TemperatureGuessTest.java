package io.wattline.analytics.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TemperatureGuessTest {
    private static final long DAY = 86_400L;

    /** {@code days} of hourly temperatures from midnight UTC: a daily swing plus {@code perDay} °C more each day. */
    private static double[][] history(int days, double perDay) {
        int n = 24 * days;
        double[] t = new double[n], c = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 20_000 * DAY + 3600L * i;
            c[i] = 5 + 6 * Math.sin(2 * Math.PI * (i % 24) / 24.0) + perDay * (i / 24);
        }
        return new double[][]{t, c};
    }

    private static long[] times(double[] t) {
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) out[i] = (long) t[i];
        return out;
    }

    @Test
    void theSameDayEveryDayIsGuessedWithoutErrorAtEveryLead() {
        double[][] h = history(21, 0);
        double[][] q = TemperatureGuess.pastErrorsByLead(times(h[0]), h[1]);
        assertEquals(TemperatureGuess.LEADS, q.length);
        for (double[] lead : q) assertArrayEquals(new double[TemperatureGuess.ERROR_QUANTILES], lead, 1e-9);
    }

    @Test
    void aWarmingSpellIsGuessedTooColdByMoreEachDayAhead() {
        // a degree warmer each day: the week before a day averages its 4th day back, so the day after the guess is
        // guessed 4 degrees too cold, the next 5, ... the seventh 10; a week or more ahead, 11 to 33
        double[][] h = history(60, 1);
        double[][] q = TemperatureGuess.pastErrorsByLead(times(h[0]), h[1]);
        for (int lead = 0; lead < 7; lead++) {
            assertEquals(TemperatureGuess.ERROR_QUANTILES, q[lead].length);
            for (double e : q[lead]) assertEquals(-4 - lead, e, 1e-9, "lead " + lead);
        }
        assertEquals(-33, q[7][0], 1e-9);
        assertEquals(-11, q[7][q[7].length - 1], 1e-9);
    }

    @Test
    void aShortRecordReachesTheNearLeadsOnlyAndTheFarOnesTakeTheFurthestKnown() {
        // ten days: guesses from the seventh midnight on reach 3 days ahead (leads 0-2)
        double[][] h = history(10, 1);
        double[][] q = TemperatureGuess.pastErrorsByLead(times(h[0]), h[1]);
        assertEquals(TemperatureGuess.ERROR_QUANTILES, q[2].length);
        assertEquals(0, q[3].length);
        assertEquals(-6, TemperatureGuess.errorsAt(q, 2)[0], 1e-9);
        assertArrayEquals(q[2], TemperatureGuess.errorsAt(q, 6));
        assertArrayEquals(q[2], TemperatureGuess.errorsAt(q, 50));
        assertEquals(0, TemperatureGuess.errorsAt(null, 3).length);
        // the lead of a step: its day after the guess, a week or more as one
        assertEquals(0, TemperatureGuess.lead(1000 + 86_399, 1000));
        assertEquals(1, TemperatureGuess.lead(1000 + 86_400, 1000));
        assertEquals(7, TemperatureGuess.lead(1000 + 29 * 86_400L, 1000));
        assertEquals(0, TemperatureGuess.lead(0, 1000));
    }

    @Test
    void lessThanAWeekAndADayTellsNothing() {
        double[][] h = history(7, 1);
        for (double[] lead : TemperatureGuess.pastErrorsByLead(times(h[0]), h[1])) assertEquals(0, lead.length);
        for (double[] lead : TemperatureGuess.pastErrorsByLead(new long[0], new double[0])) assertEquals(0, lead.length);
        // a missing temperature is skipped, not counted as an error
        double[][] g = history(21, 0);
        g[1][24 * 10] = Double.NaN;
        for (double[] lead : TemperatureGuess.pastErrorsByLead(times(g[0]), g[1])) {
            assertArrayEquals(new double[TemperatureGuess.ERROR_QUANTILES], lead, 1e-9);
        }
    }

    @Test
    void aRecordStampedWithinItsHoursIsReadOnAnHourlyGrid() {
        long h0 = 20_000 * DAY;
        TemperatureGuess.Hourly grid = TemperatureGuess.hourly(new long[]{h0 + 1800, h0 + 3 * 3600 + 59}, new double[]{4, 7},
                h0 + 4 * 3600);
        assertArrayEquals(new long[]{h0, h0 + 3600, h0 + 7200, h0 + 3 * 3600}, grid.t());
        assertArrayEquals(new double[]{4, Double.NaN, Double.NaN, 7}, grid.c());
        assertEquals(0, TemperatureGuess.hourly(new long[0], new double[0], h0).t().length);
    }
}
