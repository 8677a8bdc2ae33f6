package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeDetectorTest {
    private static final DetectOptions NATIVE = DetectOptions.defaults().withSensitivity(95);

    static List<TimePoint> points(double[] x) {
        List<TimePoint> s = new ArrayList<>();
        for (double v : x) s.add(TimePoint.of(v));
        return s;
    }

    @Test
    void seedExampleWithoutBaseline() {
        double[] x = {1.0, 1.1, 0.9, 1.0, 1.2, 0.8, 1.1, 1.0, 0.9, 1.0, 5.0, 1.0};
        NativeResult r = NativeDetector.detect(points(x), NATIVE, null, false);
        assertNull(r.embeddings());
        for (Regime g : r.regimes()) assertEquals(Regime.UNKNOWN, g);
        assertTrue(r.entire().isAnomaly()[10]);
        for (int i = 0; i < x.length; i++) {
            if (i != 10) assertTrue(r.zScores()[10] > 5 * Math.abs(r.zScores()[i]), "spike z dominates at " + i);
            assertTrue(r.energies()[i] >= 0);
        }
        assertEquals(4.0, r.energies()[10], 0.2);
    }

    /** A pattern the model foretells exactly errs by rounding: its z-scores read 3e6-9e6 on normal points, 1.9e10 at a spike. */
    @Test
    void zScoresOfASeriesForetoldExactlyStayOnTheSeriesScale() {
        double[] x = new double[24];
        for (int i = 0; i < x.length; i++) x[i] = i % 7;
        x[10] = 50;
        NativeResult r = NativeDetector.detect(hourly(x), NATIVE, null, false);
        double range = 50;
        for (int i = 0; i < x.length; i++) {
            // a z-score is at most the point's error over a thousandth of the range
            assertTrue(Math.abs(r.zScores()[i]) <= r.energies()[i] / (Baseline.MIN_SCALE_SHARE * range) + 1e-9,
                    i + ": " + r.zScores()[i]);
        }
        assertTrue(r.zScores()[10] > 100, "the spike stands out: " + r.zScores()[10]);
    }

    @Test
    void regimesRelativeToABaseline() {
        double[] healthy = Signals.noisySine(24 * 10, 24, 2, 0.2, 1);
        Baseline b = Baseline.learn(points(healthy), NATIVE);
        assertEquals(24, b.period());
        double[] x = Signals.noisySine(24 * 10, 24, 2, 0.2, 2);
        x[50] += 6;                                   // shock
        for (int i = 150; i < x.length; i++) x[i] += 8; // a move to a new operating level
        NativeResult r = NativeDetector.detect(points(x), NATIVE, b, false);
        assertEquals(Regime.SHOCK, r.regimes()[50]);
        assertEquals(Regime.HEALTHY, r.regimes()[20]);
        boolean transition = false;
        for (int i = 145; i <= 156; i++) transition |= r.regimes()[i] == Regime.TRANSITION;
        assertTrue(transition, "transition around the move");
        assertEquals(Regime.ACTIVE, r.regimes()[200], "above the baseline's range afterwards");
        // z-scores relative to the baseline's energy
        assertEquals((r.energies()[20] - b.energyMean()) / b.energyStd(), r.zScores()[20], 1e-12);
    }

    static List<TimePoint> hourly(double[] x) {
        List<TimePoint> s = new ArrayList<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < x.length; i++) s.add(new TimePoint(t0.plusSeconds(3600L * i), x[i]));
        return s;
    }

    /**
     * A baseline learnt on noise-free data (a repeating cycle, or a constant) had spreads of 1e-9 of its level: the same
     * cycle read z-scores of 4e7-3e9 and every point TRANSITION, one reading of 5.01 against a constant 5.0 z = 2,000,000
     * (SHOCK). Spreads are now at least a thousandth of the level.
     */
    @Test
    void aBaselineLearntOnNoiseFreeDataKeepsAMeasurableSpread() {
        DetectOptions hourly = NATIVE.withGranularity(Granularity.HOURLY, 1);
        double[] cycle = new double[24 * 10];
        for (int i = 0; i < cycle.length; i++) cycle[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24);
        Baseline b = Baseline.learn(hourly(cycle), hourly);
        assertEquals(1e-3 * (b.levelP95() - b.levelP05()), b.energyStd(), 1e-12, "a thousandth of the values' span");
        NativeResult same = NativeDetector.detect(hourly(cycle), hourly, b, false);
        for (int i = 0; i < cycle.length; i++) {
            assertTrue(Math.abs(same.zScores()[i]) < 1, "point " + i + ": z " + same.zScores()[i]);
            // the baseline's own top 5 % of values are ACTIVE; none is a transition or a shock
            assertTrue(same.regimes()[i] == Regime.HEALTHY || same.regimes()[i] == Regime.ACTIVE, "point " + i + ": " + same.regimes()[i]);
        }

        double[] flat = new double[48];
        java.util.Arrays.fill(flat, 5.0);
        Baseline constant = Baseline.learn(hourly(flat), hourly);
        assertEquals(0.005, constant.energyStd(), 1e-12);
        assertEquals(0.005, constant.levelStd(), 1e-12);
        flat[30] = 5.01;
        NativeResult r = NativeDetector.detect(hourly(flat), hourly, constant, false);
        assertEquals(2, r.zScores()[30], 0.05, "0.01 over a level of 5 is two thousandths of it");
        assertTrue(r.regimes()[30] != Regime.SHOCK);
        // a baseline stored before the floor (energy_std 1.2e-9) reads the same once loaded
        Baseline stored = new Baseline(240, 24, 1e-9, 1.2e-9, 100, 14.1, 80.3, 119.7, 2.5, 100, 1e-9);
        assertEquals(0.0394, stored.energyStd(), 1e-12);
        assertEquals(14.1, stored.levelStd(), 1e-12);
        assertEquals(0.0394, stored.trendStd(), 1e-12);
    }

    /** The floor follows the values' span, not their offset: a 10-sigma dip reads alike around 0, 50 and 1,000 (a review). */
    @Test
    void theSpreadsFloorDoesNotDependOnTheSeriesOffset() {
        DetectOptions hourly = NATIVE.withGranularity(Granularity.HOURLY, 1);
        double[] z = new double[3];
        double[] offsets = {0, 50, 1000};
        for (int k = 0; k < offsets.length; k++) {
            java.util.Random rnd = new java.util.Random(11);
            double[] learnt = new double[24 * 10], judged = new double[24 * 10];
            for (int i = 0; i < learnt.length; i++) learnt[i] = offsets[k] + 0.01 * rnd.nextGaussian();
            for (int i = 0; i < judged.length; i++) judged[i] = offsets[k] + 0.01 * rnd.nextGaussian();
            judged[200] -= 0.1;
            Baseline b = Baseline.learn(hourly(learnt), hourly);
            z[k] = NativeDetector.detect(hourly(judged), hourly, b, false).zScores()[200];
        }
        for (int k = 0; k < z.length; k++) {
            assertTrue(Math.abs(z[k]) > 5, "offset " + offsets[k] + ": z " + z[k]);
            assertEquals(z[0], z[k], 0.05 * Math.abs(z[0]), "offset " + offsets[k]);
        }
    }

    @Test
    void aMachineSwitchedOffLeavesTheBaselinesLevelAsARiseDoes() {
        DetectOptions hourly = NATIVE.withGranularity(Granularity.HOURLY, 1);
        double[] healthy = Signals.noisySine(24 * 10, 24, 2, 0.2, 1);
        Baseline b = Baseline.learn(hourly(healthy), hourly);
        double[] x = Signals.noisySine(24 * 10, 24, 2, 0.2, 2);
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 150; i < x.length; i++) x[i] = Math.abs(0.02 * rnd.nextGaussian()); // off: ~0 from point 150 on
        NativeResult r = NativeDetector.detect(hourly(x), hourly, b, false);
        assertEquals(24, r.entire().period());
        int healthyBefore = 0;
        for (int i = 0; i < 140; i++) {
            if (r.regimes()[i] == Regime.HEALTHY) healthyBefore++;
            assertTrue(r.regimes()[i] == Regime.HEALTHY || r.regimes()[i] == Regime.ACTIVE, "running at " + i + ": " + r.regimes()[i]);
        }
        // the baseline's own top 5 % of values, and errors over 2 sigma, are ACTIVE
        assertTrue(healthyBefore >= 110, "running as in the baseline: " + healthyBefore + " of 140 healthy");
        for (int i = 150; i < x.length; i++) {
            assertTrue(r.regimes()[i] == Regime.TRANSITION || r.regimes()[i] == Regime.SHOCK, "point " + i + ": " + r.regimes()[i]);
        }
        for (int i = 160; i < x.length; i++) assertEquals(Regime.TRANSITION, r.regimes()[i], "off at point " + i);

        // a drop to a lower level that is not off (10 -> 4) is the same departure, and the baseline's own series is
        // never below its level
        double[] lower = Signals.noisySine(24 * 10, 24, 2, 0.2, 3);
        for (int i = 150; i < lower.length; i++) lower[i] -= 6;
        NativeResult l = NativeDetector.detect(hourly(lower), hourly, b, false);
        for (int i = 160; i < lower.length; i++) assertEquals(Regime.TRANSITION, l.regimes()[i], "lower at point " + i);
        NativeResult same = NativeDetector.detect(hourly(Signals.noisySine(24 * 10, 24, 2, 0.2, 4)), hourly, b, false);
        for (int i = 0; i < 240; i++) assertTrue(same.regimes()[i] != Regime.TRANSITION, "healthy point " + i);
        // a spike above the baseline's range while off is still a shock
        x[200] = 25;
        assertEquals(Regime.SHOCK, NativeDetector.detect(hourly(x), hourly, b, false).regimes()[200]);
    }

    @Test
    void aShortCleanDayOfHourlyPointsIsNotFloodedWithFlags() {
        // one or two days of hourly points: too few cycles for a period, and the running median of 7 points that
        // stands for the level is one of its window's values, so the in-sample residuals were mostly 0 and the band
        // from them flagged 12-15 % of the points (every peak and trough), where entire/detect flagged none
        DetectOptions hourly = NATIVE.withGranularity(Granularity.HOURLY, 1);
        for (int n : new int[]{24, 48}) {
            int flagged = 0, azure = 0;
            for (long seed = 1; seed <= 40; seed++) {
                double[] x = Signals.noisySine(n, 24, 10, 1, seed);
                NativeResult r = NativeDetector.detect(hourly(x), hourly, null, false);
                EntireResult e = AnomalyDetector.entire(hourly(x), hourly);
                assertEquals(e.period(), r.entire().period(), "seed " + seed);
                for (boolean b : r.entire().isAnomaly()) if (b) flagged++;
                for (boolean b : e.isAnomaly()) if (b) azure++;
            }
            assertTrue(flagged <= 0.005 * 40 * n, n + " points: " + flagged + " of " + 40 * n + " flagged (entire/detect: " + azure + ")");
            // a spike still stands out
            double[] x = Signals.noisySine(n, 24, 10, 1, 99);
            x[6] += 8;
            NativeResult r = NativeDetector.detect(hourly(x), hourly, null, false);
            assertTrue(r.entire().isAnomaly()[6] && r.entire().isPositiveAnomaly()[6], n + " points: the spike at a peak");
        }
    }

    @Test
    void theNativeDetectionFindsThePeriodEntireDetectionFinds() {
        // two weeks and a half of hourly points: the grid's week, as Azure's engine answered; a month of days: 7
        double[] hours = Signals.noisySine(24 * 18, 24, 5, 0.5, 3);
        for (int i = 0; i < hours.length; i++) if ((i / 24) % 7 >= 5) hours[i] -= 4; // weekends lower
        DetectOptions hourly = NATIVE.withGranularity(Granularity.HOURLY, 1);
        assertEquals(AnomalyDetector.entire(hourly(hours), hourly).period(), NativeDetector.detect(hourly(hours), hourly, null, false).entire().period());
        assertEquals(168, NativeDetector.detect(hourly(hours), hourly, null, false).entire().period());
        double[] days = Signals.noisySine(60, 7, 5, 0.5, 4);
        List<TimePoint> daily = new ArrayList<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < days.length; i++) daily.add(new TimePoint(t0.plusSeconds(86400L * i), days[i]));
        DetectOptions d = NATIVE.withGranularity(Granularity.DAILY, 1);
        assertEquals(7, NativeDetector.detect(daily, d, null, false).entire().period());
        assertEquals(AnomalyDetector.entire(daily, d).period(), NativeDetector.detect(daily, d, null, false).entire().period());
    }

    static List<TimePoint> stepped(double[] x, long stepSeconds) {
        List<TimePoint> s = new ArrayList<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < x.length; i++) s.add(new TimePoint(t0.plusSeconds(stepSeconds * i), x[i]));
        return s;
    }

    @Test
    void withoutAGranularityTheDayIsFoundOnTheGridOfTheTimestampsAcrossALevelStep() {
        // four days of a daily cycle whose level rises by half midway, at hourly and at 5-minute steps, sent without a
        // granularity: the spectrum search alone lost the day (period 0), and the points after the step were judged
        // without a cycle; the step of the timestamps gives the grid, and the answer is the one with the granularity
        for (long step : new long[]{3600, 300}) {
            int day = (int) (86400 / step), n = 4 * day;
            double[] x = Signals.noisySine(n, day, 1, 0.2, 3);
            for (int i = n / 2; i < n; i++) x[i] *= 1.5;
            DetectOptions given = step == 3600 ? NATIVE.withGranularity(Granularity.HOURLY, 1)
                    : NATIVE.withGranularity(Granularity.MINUTELY, 5);
            NativeResult without = NativeDetector.detect(stepped(x, step), NATIVE, null, false);
            NativeResult with = NativeDetector.detect(stepped(x, step), given, null, false);
            assertEquals(day, with.entire().period(), "step " + step);
            assertEquals(day, without.entire().period(), "step " + step);
            assertArrayEquals(with.entire().expectedValues(), without.entire().expectedValues(), "step " + step);
            assertArrayEquals(with.entire().upperMargins(), without.entire().upperMargins(), "step " + step);
            assertArrayEquals(with.entire().isAnomaly(), without.entire().isAnomaly(), "step " + step);
            assertArrayEquals(with.zScores(), without.zScores(), "step " + step);
            // after the step (and the day the decomposition's trend takes to follow it) the expected values follow the
            // day at its new level
            for (int i = n / 2 + day; i < n; i++) {
                double truth = 1.5 * (10 + Math.sin(2 * Math.PI * i / day));
                assertEquals(truth, without.entire().expectedValues()[i], 0.6, "step " + step + ", point " + i);
            }
        }
        // a baseline learnt without a granularity finds the day too
        double[] healthy = Signals.noisySine(24 * 4, 24, 1, 0.2, 5);
        for (int i = 48; i < healthy.length; i++) healthy[i] *= 1.5;
        assertEquals(24, Baseline.learn(stepped(healthy, 3600), NATIVE).period());
        // untimed points have no step, and a granularity or period given is kept
        assertSame(NATIVE, AnomalyDetector.withStepGrid(points(healthy), NATIVE));
        DetectOptions daily = NATIVE.withGranularity(Granularity.DAILY, 1);
        assertSame(daily, AnomalyDetector.withStepGrid(stepped(healthy, 3600), daily));
        DetectOptions noPeriod = NATIVE.withPeriod(0);
        assertSame(noPeriod, AnomalyDetector.withStepGrid(stepped(healthy, 3600), noPeriod));
    }

    @Test
    void embeddingsAreUnitVectorsAndSimilarWindowsAreNear() {
        double[] x = Signals.noisySine(24 * 20, 24, 5, 0.2, 9);
        x[300] += 8; // a spike at phase 12
        NativeResult r = NativeDetector.detect(points(x), NATIVE, null, true);
        double[][] e = r.embeddings();
        assertEquals(x.length, e.length);
        assertEquals(Embedder.DIMENSIONS, e[0].length);
        double norm = 0;
        for (double v : e[200]) norm += v * v;
        assertEquals(1.0, norm, 1e-9);
        double sameWindowShape = Embedder.similarity(e[204], e[204 + 24 * 3]);   // same phase, other cycle
        double oppositePhase = Embedder.similarity(e[204], e[204 + 12]);
        double spike = Embedder.similarity(e[300 - 24 * 2], e[300]);               // same phase, spike
        assertTrue(sameWindowShape > 0.9, "same phase: " + sameWindowShape);
        assertTrue(oppositePhase < sameWindowShape - 0.3, "opposite phase: " + oppositePhase);
        assertTrue(spike < sameWindowShape - 0.2, "spike: " + spike);
        // a flat noisy series looks nothing like the sine
        NativeResult flat = NativeDetector.detect(points(Signals.noise(480, 10, 0.2, 3)), NATIVE, null, true);
        double across = Embedder.similarity(e[204], flat.embeddings()[204]);
        assertTrue(across < 0.5, "sine vs flat: " + across);
        double flatPair = Embedder.similarity(flat.embeddings()[150], flat.embeddings()[350]);
        assertTrue(flatPair > across + 0.2, "two flat windows: " + flatPair);
    }
}
