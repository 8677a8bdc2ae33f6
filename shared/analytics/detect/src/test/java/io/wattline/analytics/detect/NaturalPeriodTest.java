package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NaturalPeriodTest {

    @Test
    void aDayOfHourlyPointsIsAnsweredAsAWeekOnceTwoWeeksFit() {
        for (long seed = 1; seed <= 10; seed++) {
            assertEquals(24, NaturalPeriod.of(Signals.noisySine(100, 24, 5, 1, seed), Granularity.HOURLY, 1));
            assertEquals(168, NaturalPeriod.of(Signals.noisySine(400, 24, 5, 1, seed), Granularity.HOURLY, 1));
        }
        // 2-hour points: a day is 12 of them, a week 84
        assertEquals(84, NaturalPeriod.of(Signals.noisySine(400, 12, 5, 1, 3), Granularity.HOURLY, 2));
        // a week of days; a year of months
        assertEquals(7, NaturalPeriod.of(Signals.noisySine(120, 7, 5, 1, 4), Granularity.DAILY, 1));
        assertEquals(12, NaturalPeriod.of(Signals.noisySine(60, 12, 5, 1, 5), Granularity.MONTHLY, 1));
    }

    @Test
    void noNaturalPeriodWithoutACycleOrWithoutRoomForTwo() {
        int found = 0;
        for (long seed = 1; seed <= 40; seed++) {
            if (NaturalPeriod.of(Signals.noise(400, 50, 3, seed), Granularity.HOURLY, 1) > 0) found++;
            if (NaturalPeriod.of(Signals.noise(400, 50, 3, seed), Granularity.DAILY, 1) > 0) found++;
        }
        assertTrue(found <= 1, "white noise with a natural period: " + found + " of 80");
        assertEquals(0, NaturalPeriod.of(Signals.noisySine(48, 24, 5, 1, 1), Granularity.HOURLY, 1), "two days exactly: no room");
        assertEquals(0, NaturalPeriod.of(Signals.noisySine(400, 12, 5, 1, 1), Granularity.YEARLY, 1), "no natural cycle");
        assertEquals(0, NaturalPeriod.of(Signals.noisySine(400, 12, 5, 1, 1), Granularity.NONE, 1), "no grid");
        assertEquals(0, NaturalPeriod.of(Signals.noisySine(400, 37, 5, 1, 1), Granularity.HOURLY, 1), "a cycle of its own");
    }

    @Test
    void theOutOfSampleShareIsOneForAnExactCycleAndBelowZeroForNoise() {
        assertEquals(1.0, NaturalPeriod.explained(Signals.sine(96, 24, 5, 100), 24), 1e-12);
        assertTrue(NaturalPeriod.explained(Signals.noise(960, 0, 1, 2), 24) < 0);
    }

    @Test
    void theRunningMedianCutsItsWindowShortAtTheEnds() {
        double[] x = {5, 1, 4, 2, 8, 7, 3, 6, 0, 9};
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] w = Arrays.copyOfRange(x, Math.max(0, i - 2), Math.min(x.length, i + 3));
            Arrays.sort(w);
            expected[i] = w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
        }
        assertArrayEquals(expected, Robust.movingMedianCutEnds(x, 2), 0);
    }

    @Test
    void spikesAreBridgedAndTheEndsHeld() {
        double[] x = new double[40];
        x[0] = 100;
        x[20] = -100;
        x[21] = -100;
        for (int i = 1; i < 40; i++) if (i != 20 && i != 21) x[i] = i % 2;
        double[] y = NaturalPeriod.smoothSpikes(x);
        assertEquals(x[1], y[0]);
        assertEquals(x[19] + (x[22] - x[19]) / 3, y[20], 1e-12);
        assertEquals(x[19] + 2 * (x[22] - x[19]) / 3, y[21], 1e-12);
    }
}
