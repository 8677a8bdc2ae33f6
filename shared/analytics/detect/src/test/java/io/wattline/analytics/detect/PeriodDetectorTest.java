package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeriodDetectorTest {
    private static final int DAY = 48;

    /** {@code days} days of half-hours: a daily wave, weekend days at {@code weekend} times the weekday load, noise of σ 1. */
    static double[] weeks(double weekend, int days, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[days * DAY];
        for (int i = 0; i < x.length; i++) {
            double shape = 100 + 50 * Math.sin(2 * Math.PI * i / DAY);
            x[i] = shape * ((i / DAY) % 7 >= 5 ? weekend : 1) + rnd.nextGaussian();
        }
        return x;
    }

    @Test
    void aWeekOfDaysReplacesTheDayWhereLastWeekForetellsBetter() {
        double[] x = weeks(0.8, 21, 3);
        // the autocorrelation finds the day (a weekend at half the load it finds as the week by itself)
        assertEquals(DAY, PeriodDetector.detect(x));
        assertEquals(7 * DAY, PeriodDetector.longerCycle(x, DAY, 7));
        assertEquals(7 * DAY, Decomposition.choose(x, null, 7, false).period());
        assertEquals(DAY, Decomposition.choose(x, null).period(), "without cycles: as last/detect chooses");
    }

    @Test
    void theDayStaysWhereEveryDayIsAlikeOrTwoWeeksDoNotFit() {
        assertEquals(DAY, PeriodDetector.longerCycle(weeks(1.0, 21, 4), DAY, 7), "every day alike");
        assertEquals(DAY, PeriodDetector.longerCycle(weeks(0.8, 13, 3), DAY, 7), "less than two weeks");
        assertEquals(0, PeriodDetector.longerCycle(weeks(0.8, 21, 3), 0, 7), "no period");
        assertEquals(DAY, PeriodDetector.longerCycle(weeks(0.8, 21, 3), DAY, 1), "k = 1");
        double[] withNaN = weeks(0.8, 21, 3);
        withNaN[500] = Double.NaN;
        assertEquals(DAY, PeriodDetector.longerCycle(withNaN, DAY, 7), "a non-finite value keeps the period");
    }

    @Test
    void theStreamingModelFitsTheWeekWithCycles() {
        double[] x = weeks(0.8, 21, 3);
        assertEquals(7 * DAY, LastPointModel.fit(x, 0, x.length, null, 12, 7, false).period());
        assertEquals(DAY, LastPointModel.fit(x, 0, x.length, null, 12).period());
        StreamingDetector.Config c = StreamingDetector.Config.defaults().with("logSkew", 0);
        double[] week = StreamingDetector.replay(x, c).scores(), day = StreamingDetector.replay(x, c.with("cycles", 0)).scores();
        assertFalse(java.util.Arrays.equals(week, day), "cycles reaches the streaming fit");
    }

    @Test
    void theGridsDayIsTriedBeforeTheSearchedPeriod() {
        int day = 288, searchedDay = 0, givenDay = 0, noise = 0, hour = 0;
        for (long seed = 1; seed <= 20; seed++) {
            // a week of 5-minute points, a daily wave of 2.5 noise levels: the search lands near the day, rarely on it
            double[] x = Signals.noisySine(7 * day, day, 2.5, 2, seed);
            if (Decomposition.choose(x, null, 0, false).period() == day) searchedDay++;
            if (Decomposition.choose(x, null, 0, false, day).period() == day) givenDay++;
            // the day is not forced on noise (no autocorrelation a day apart), nor on a shorter cycle of its own
            if (Decomposition.choose(Signals.noise(7 * day, 50, 2, seed), null, 0, false, day).period() != 0) noise++;
            if (Decomposition.choose(Signals.noisySine(7 * day, 12, 2.5, 1, seed), null, 0, false, day).period() == 12) hour++;
        }
        assertEquals(20, givenDay);
        assertTrue(searchedDay <= 2, "searched: " + searchedDay);
        assertEquals(0, noise);
        assertEquals(20, hour);
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        assertEquals(day, c.dayPoints(), "5-minute steps");
        assertEquals(48, c.withStep(java.time.Duration.ofMinutes(30)).dayPoints());
        assertEquals(0, c.withStep(java.time.Duration.ofSeconds(7)).dayPoints(), "a day is not a whole number of 7-second steps");
        assertEquals(0, c.with("naturalDay", 0).dayPoints());
    }

    /** Six cycles (at most 8,640 points) of a noise-free sine of period {@code p}. */
    static double[] sine(int p) {
        double[] x = new double[Math.min(8640, Math.max(72, 6 * p))];
        for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / p + 0.3);
        return x;
    }

    @Test
    void aNoiseFreeCycleIsFoundAtItsLengthExactly() {
        // the autocorrelation, normalised by the whole series' energy, peaked off by a lag or more on long cycles (a week
        // of hours read 169, a day of minutes 1,446); the refinement takes the lag whose pairs differ least
        for (int p : new int[]{2, 4, 6, 7, 12, 24, 100, 101, 168, 288, 1440}) {
            assertEquals(p, PeriodDetector.detect(sine(p)), "period " + p);
        }
        // three or four cycles only (4 days of 5-minute points, 3 hours of minutes): 290 and 61 before
        for (int[] pc : new int[][]{{288, 4}, {60, 3}, {24, 3}}) {
            double[] x = new double[pc[0] * pc[1]];
            for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / pc[0] + 0.3);
            assertEquals(pc[0], PeriodDetector.detect(x), pc[1] + " cycles of " + pc[0]);
        }
    }
}
