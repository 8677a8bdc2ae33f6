package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangePointDetectorTest {
    @Test
    void aStepIsLocatedWithinAFewPointsWithHighConfidence() {
        double[] x = Signals.noise(300, 10, 0.5, 2);
        for (int i = 170; i < x.length; i++) x[i] += 4;
        ChangePointResult r = ChangePointDetector.detect(x, null, 10, 0.9);
        assertEquals(1, r.count(), "one change point");
        int at = -1;
        for (int i = 0; i < x.length; i++) if (r.isChangePoint()[i]) at = i;
        assertTrue(Math.abs(at - 170) <= 3, "located at " + at);
        assertTrue(r.confidenceScores()[at] > 0.99);
        for (double c : r.confidenceScores()) assertTrue(c >= 0 && c <= 1);
    }

    @Test
    void aClearStepIsMarkedAtItsFirstNewPoint() {
        // 0 -> 10 with noise of sigma 1 (a black-box hunt's case was marked at its last old point): over 50 series,
        // the first new point nearly always, never more than one off
        int exact = 0;
        for (long seed = 1; seed <= 50; seed++) {
            double[] x = Signals.noise(200, 0, 1, seed);
            for (int i = 100; i < x.length; i++) x[i] += 10;
            ChangePointResult r = ChangePointDetector.detect(x, null, 10, 0.9);
            assertEquals(1, r.count(), "seed " + seed);
            int at = -1;
            for (int i = 0; i < x.length; i++) if (r.isChangePoint()[i]) at = i;
            assertTrue(Math.abs(at - 100) <= 1, "seed " + seed + ": at " + at);
            if (at == 100) exact++;
        }
        assertTrue(exact >= 45, exact + " of 50 at the first new point");
    }

    @Test
    void aSteadyTrendAndPureNoiseAreNotChanges() {
        double[] ramp = Signals.noise(300, 0, 0.5, 5);
        for (int i = 0; i < ramp.length; i++) ramp[i] += 0.2 * i;
        assertEquals(0, ChangePointDetector.detect(ramp, null, 10, 0.9).count());
        assertEquals(0, ChangePointDetector.detect(Signals.noise(300, 3, 1, 8), null, 10, 0.9).count());
    }

    @Test
    void seasonalSeriesChangesAreFoundOnTheDeseasonalisedLevel() {
        double[] x = Signals.noisySine(24 * 20, 24, 5, 0.3, 4);
        for (int i = 250; i < x.length; i++) x[i] -= 3;
        ChangePointResult r = ChangePointDetector.detect(x, null, 10, 0.9);
        assertEquals(24, r.period());
        int found = 0;
        for (int i = 0; i < x.length; i++) {
            if (r.isChangePoint()[i]) {
                found++;
                assertTrue(Math.abs(i - 250) <= 3, "at " + i);
            }
        }
        assertEquals(1, found);
    }

    @Test
    void lowerThresholdAcceptsFewer() {
        double[] x = Signals.noise(400, 10, 0.5, 12);
        for (int i = 100; i < 400; i++) x[i] += 1.2; // a modest step
        for (int i = 250; i < 400; i++) x[i] += 5;   // a big one
        int loose = ChangePointDetector.detect(x, null, 10, 1.0).count();
        int strict = ChangePointDetector.detect(x, null, 10, 0.3).count();
        assertTrue(strict <= loose);
        assertTrue(strict >= 1);
    }

    @Test
    void aNoiseFreeStepIsMarkedAtItsFirstNewPoint() {
        // every boundary near a clean step is as certain of it: the first of them (26-29) was marked before
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) x[i] = i < 30 ? 10 : 20;
        for (int w : new int[]{5, 10, 20}) {
            ChangePointResult r = ChangePointDetector.detect(x, 0, w, ChangePointDetector.DEFAULT_THRESHOLD);
            java.util.List<Integer> at = new java.util.ArrayList<>();
            for (int i = 0; i < x.length; i++) if (r.isChangePoint()[i]) at.add(i);
            assertEquals(java.util.List.of(30), at, "stableTrendWindow " + w);
        }
    }

    static java.util.List<TimePoint> hourly(double[] x) {
        java.util.List<TimePoint> s = new java.util.ArrayList<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < x.length; i++) s.add(new TimePoint(t0.plusSeconds(3600L * i), x[i]));
        return s;
    }

    static java.util.List<Integer> changes(ChangePointResult r) {
        java.util.List<Integer> at = new java.util.ArrayList<>();
        for (int i = 0; i < r.isChangePoint().length; i++) if (r.isChangePoint()[i]) at.add(i);
        return at;
    }

    @Test
    void aSteppedDailyCycleFindsItsPeriodAsEntireDetectionDoesAndOnlyTheStep() {
        // a step several times the cycle's amplitude hid the cycle from the spectrum's search (a straight line cannot
        // take a step out): without the period, the cycle itself read as 15 to 60 change points; entire detection
        // found the period through the grid's natural cycles, and so do change points now
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1);
        for (int n : new int[]{240, 480}) {
            double[] x = Signals.noisySine(n, 24, 5, 0.5, 6);
            for (int i = n / 2; i < n; i++) x[i] += 50;
            ChangePointResult r = ChangePointDetector.detect(hourly(x), o, 10, 0.9);
            assertEquals(AnomalyDetector.entire(hourly(x), o).period(), r.period(), n + " points");
            assertTrue(r.period() == 24 || r.period() == 168, "period " + r.period());
            assertEquals(java.util.List.of(n / 2), changes(r), n + " points");
            assertEquals(changes(ChangePointDetector.detect(hourly(x), o.withPeriod(24), 10, 0.9)), changes(r));
        }
    }

    @Test
    void aGapInADailyCycleIsFilledFromTheNeighbouringDaysNotReadAsAChange() {
        // 12 missing hours bridged by a straight line cut through the cycle, and the line read as a change point
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1);
        double[] x = Signals.noisySine(240, 24, 5, 0.3, 7);
        for (int i = 120; i < x.length; i++) x[i] += 6;
        java.util.List<TimePoint> gapped = new java.util.ArrayList<>(hourly(x));
        gapped.subList(60, 72).clear(); // hours 60..71 missing
        ChangePointResult r = ChangePointDetector.detect(gapped, o, 10, 0.9);
        assertEquals(24, r.period());
        assertEquals(java.util.List.of(120 - 12), changes(r), "the step only, at its input point");
        java.util.List<TimePoint> calm = new java.util.ArrayList<>(hourly(Signals.noisySine(240, 24, 5, 0.3, 8)));
        calm.subList(100, 120).clear();
        assertEquals(java.util.List.of(), changes(ChangePointDetector.detect(calm, o, 10, 0.9)));
    }

    @Test
    void aChangeInsideAGapGoesToTheFirstPointAfterIt() {
        // 10 to 30 at minute 50, minutes 40..59 missing: the change is seen first at minute 60, input point 40
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.MINUTELY, 1);
        java.util.Random r = new java.util.Random(4);
        java.util.List<TimePoint> s = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i >= 40 && i < 60) continue;
            s.add(new TimePoint(java.time.Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * i), (i < 50 ? 10 : 30) + r.nextGaussian()));
        }
        ChangePointResult gapped = ChangePointDetector.detect(s, o, 10, 0.9);
        assertEquals(java.util.List.of(40), changes(gapped));
        assertEquals(java.util.List.of(40), changes(ChangePointDetector.detect(s, o.withImpute(ImputeMode.PREVIOUS, 0), 10, 0.9)));
    }
}
