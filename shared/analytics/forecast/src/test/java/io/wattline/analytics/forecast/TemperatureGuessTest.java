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
    void theSameDayEveryDayIsGuessedWithoutError() {
        double[][] h = history(21, 0);
        double[] q = TemperatureGuess.pastErrors(times(h[0]), h[1]);
        assertEquals(TemperatureGuess.ERROR_QUANTILES, q.length);
        assertArrayEquals(new double[q.length], q, 1e-9);
    }

    @Test
    void aWarmingSpellIsGuessedTooColdByTheDaysSinceTheWeekBefore() {
        // a degree warmer each day: the week before a day averages its 4th day back, so the days after it are guessed
        // 4 to 10 degrees too cold (the last days, with fewer days after them, add more of the near ones)
        double[][] h = history(28, 1);
        double[] q = TemperatureGuess.pastErrors(times(h[0]), h[1]);
        assertEquals(-10, q[0], 1e-9);
        assertEquals(-7, q[q.length / 2], 1e-9);
        assertEquals(-4, q[q.length - 1], 1e-9);
        for (double e : q) assertEquals(Math.rint(e), e, 1e-9);
    }

    @Test
    void lessThanAWeekAndADayTellsNothing() {
        double[][] h = history(7, 1);
        assertEquals(0, TemperatureGuess.pastErrors(times(h[0]), h[1]).length);
        assertEquals(0, TemperatureGuess.pastErrors(new long[0], new double[0]).length);
        // a missing temperature is skipped, not counted as an error
        double[][] g = history(21, 0);
        g[1][24 * 10] = Double.NaN;
        assertArrayEquals(new double[TemperatureGuess.ERROR_QUANTILES], TemperatureGuess.pastErrors(times(g[0]), g[1]), 1e-9);
    }
}
