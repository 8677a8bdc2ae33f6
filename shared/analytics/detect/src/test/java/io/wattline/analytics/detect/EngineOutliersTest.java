package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineOutliersTest {

    @Test
    void studentTQuantilesMatchScipy() {
        // scipy.stats.t.ppf(1 - 0.05 / 12, 10) and friends
        assertEquals(3.276841075274049, StudentT.upperQuantile(0.05 / 12, 10), 1e-9);
        assertEquals(3.3739906428932644, StudentT.upperQuantile(0.05 / 91, 89), 1e-9);
        assertEquals(4.388029621273351, StudentT.upperQuantile(0.05 / 8640, 8638), 1e-8);
    }

    @Test
    void esdCriticalValuesMatchTheEnginesFormula() {
        // λ for n points at test i depends on m = n − i + 1 only: (12, 1), (100, 10), (8640, 1), (8640, 2000)
        assertEquals(2.2849530395577817, EngineOutliers.critical(12), 1e-9);
        assertEquals(3.177121645631355, EngineOutliers.critical(91), 1e-9);
        assertEquals(4.383147174393954, EngineOutliers.critical(8640), 1e-8);
        assertEquals(4.32495059013104, EngineOutliers.critical(6641), 1e-8);
    }

    /**
     * Readings in whole units: once the ESD test has taken the values above the median away, most of what is left
     * shares one value and its MAD is 0. That is no reason to call every other value extreme (with the scale's floor,
     * 241-250 of 500 such points were flagged, the maxAnomalyRatio cap in both directions, on 9 of 12 seeds).
     */
    @Test
    void wholeNumberNoiseIsNotFloodedAndItsSpikesAreFound() {
        for (int seed = 0; seed < 8; seed++) {
            Random rnd = new Random(seed);
            double[] x = new double[500];
            for (int i = 0; i < x.length; i++) x[i] = Math.round(20 + rnd.nextGaussian());
            int quiet = count(AnomalyDetector.entire(x, DetectOptions.defaults()).isAnomaly());
            assertTrue(quiet <= 2, "seed " + seed + ": " + quiet + " of 500 flagged");
            x[250] += 8;
            x[100] -= 7;
            boolean[] flagged = AnomalyDetector.entire(x, DetectOptions.defaults()).isAnomaly();
            assertTrue(flagged[250] && flagged[100], "seed " + seed);
            assertTrue(count(flagged) <= 4, "seed " + seed + ": " + count(flagged));
        }
    }

    /**
     * Whole numbers most of which are one value (a migrating client's hunt: 1,000 minutely readings of 48-52, 53 % of
     * them 50): every 49 and 51 was flagged at the default sensitivity (467 points), and none at 95. A run of equal
     * values is judged as one, against the values other than it; a run that stands out from values that are all one
     * other value (ones and a zero) still does, as the engine answered.
     */
    @Test
    void aValueSharedByManyPointsIsJudgedOnceAgainstTheOthers() {
        long state = 12345;
        double[] x = new double[1000];
        for (int i = 0; i < x.length; i++) {
            state = (1103515245L * state + 12345) % (1L << 31);
            long d = state % 100;
            x[i] = d < 52 ? 50 : d < 76 ? 51 : d < 97 ? 49 : d < 99 ? 52 : 48;
        }
        for (int s : new int[]{99, 95, 80}) {
            assertEquals(0, count(AnomalyDetector.entire(x, DetectOptions.defaults().withSensitivity(s)).isAnomaly()), "sensitivity " + s);
        }
        x[400] = 58; // a spike of 8 units and two copies of a dip of 6 stand out
        x[700] = 44;
        x[701] = 44;
        boolean[] flagged = AnomalyDetector.entire(x, DetectOptions.defaults()).isAnomaly();
        assertTrue(flagged[400] && flagged[700] && flagged[701]);
        assertEquals(3, count(flagged));

        double[] ones = new double[30];
        java.util.Arrays.fill(ones, 1);
        ones[12] = 0;
        ones[13] = 0;
        boolean[] drops = AnomalyDetector.entire(ones, DetectOptions.defaults()).isAnomaly();
        assertTrue(drops[12] && drops[13]);
        assertEquals(2, count(drops));
    }

    /**
     * A meter's error value (65535) among readings of 50 ± 1 hid a spike to 80: the tests' scale floor was a share of the
     * whole range, which the error value alone made 65,000 wide. As the engine's ESD test, removing the largest outlier
     * and testing the rest again, both are flagged, and the spike is expected at the readings' level. (Hourly: the engine
     * judged a series without a period on a finer grid by spectral residual, {@link EngineSpectralResidualTest}.)
     */
    @Test
    void oneHugeOutlierDoesNotHideTheOthers() {
        Random rnd = new Random(3);
        double[] x = new double[96];
        for (int i = 0; i < x.length; i++) x[i] = 50 + rnd.nextGaussian();
        x[60] = 80;
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1);
        EntireResult without = AnomalyDetector.entire(hours(x), o);
        x[20] = 65535;
        EntireResult with = AnomalyDetector.entire(hours(x), o);
        assertTrue(with.isAnomaly()[20]);
        assertTrue(with.isAnomaly()[60], "the spike to 80 beside the error value");
        assertTrue(with.isPositiveAnomaly()[60]);
        assertEquals(50, with.expectedValues()[60], 1.5);
        for (int i = 0; i < x.length; i++) {
            if (i != 20) assertEquals(without.isAnomaly()[i], with.isAnomaly()[i], "point " + i + " as without the error value");
        }
        // and beside it, whole-number readings are still judged as runs, not flooded
        for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i]);
        x[20] = 65535;
        assertEquals(count(without.isAnomaly()) + 1, count(AnomalyDetector.entire(x, DetectOptions.defaults()).isAnomaly()));
    }

    /** Points every hour from 2024-01-01T00:00:00Z. */
    private static java.util.List<TimePoint> hours(double[] x) {
        java.time.Instant start = java.time.Instant.parse("2024-01-01T00:00:00Z");
        java.util.List<TimePoint> series = new java.util.ArrayList<>();
        for (int i = 0; i < x.length; i++) series.add(new TimePoint(start.plusSeconds(3600L * i), x[i]));
        return series;
    }

    /**
     * Without a period (and off the fine grids of spectral residual) the engine expected its spline trend
     * ({@link EngineTrend}, figures checked there); a random walk without outliers is expected at that trend.
     */
    @Test
    void withoutAPeriodTheExpectedValuesAreTheEnginesTrend() {
        Random rnd = new Random(5);
        double[] walk = new double[200];
        for (int i = 1; i < walk.length; i++) walk[i] = walk[i - 1] + rnd.nextGaussian();
        EntireResult r = AnomalyDetector.entire(walk, DetectOptions.defaults());
        assertEquals(0, r.period());
        assertEquals(0, count(r.isAnomaly()));
        assertArrayEquals(EngineTrend.of(walk, 0), r.expectedValues(), 1e-9);
    }

    /**
     * A spike at the first point was its own expectation (window of one): never flagged, and its followers expected
     * 55.1, 40.0, … among readings of 10. As the engine, which interpolates across its outliers with the ends held flat
     * before taking the trend, it is flagged and neither it nor its followers are expected near 100.
     */
    @Test
    void anOutlierAtTheFirstPointIsExpectedAtTheLevelAfterItAndFlagged() {
        Random rnd = new Random(2);
        double[] x = new double[24];
        for (int i = 0; i < x.length; i++) x[i] = 10 + 0.3 * rnd.nextGaussian();
        x[0] = 100;
        EntireResult r = AnomalyDetector.entire(x, DetectOptions.defaults().withPeriod(0));
        assertTrue(r.isAnomaly()[0]);
        assertTrue(r.isPositiveAnomaly()[0]);
        assertEquals(1, count(r.isAnomaly()));
        for (int i = 0; i < 3; i++) assertEquals(10, r.expectedValues()[i], 0.5, "point " + i);
        double[] held = x.clone();
        held[0] = x[1];
        assertArrayEquals(EngineTrend.of(held, null), r.expectedValues(), 1e-9);
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    @Test
    void spikesAreOutliersAndNoiseIsNot() {
        Random rnd = new Random(7);
        double[] x = new double[500];
        for (int i = 0; i < x.length; i++) x[i] = 10 + rnd.nextGaussian();
        x[100] += 12;
        x[300] -= 12;
        boolean[] out = EngineOutliers.select(x, null, 0.25, 0);
        assertTrue(out[100]);
        assertTrue(out[300]);
        int flagged = 0;
        for (boolean b : out) if (b) flagged++;
        assertTrue(flagged <= 4, "Gaussian noise is not outliers: " + flagged);
    }

    @Test
    void afterALevelShiftTheOldLevelStaysExpectedAndThePointsAfterItAreFlagged() {
        Random rnd = new Random(11);
        double[] x = new double[240];
        for (int i = 0; i < x.length; i++) x[i] = (i >= 210 ? 200 : 100) + rnd.nextGaussian();
        DetectOptions o = DetectOptions.defaults().withPeriod(0).withSensitivity(95);
        EntireResult r = AnomalyDetector.entire(x, o);
        for (int i = 212; i < 240; i++) {
            assertTrue(r.isAnomaly()[i], "point " + i);
            assertTrue(r.isPositiveAnomaly()[i]);
            assertEquals(100, r.expectedValues()[i], 3, "old level kept at " + i);
        }
        for (int i = 0; i < 200; i++) assertFalse(r.isAnomaly()[i], "point " + i);
    }

    @Test
    void sensitivityMarginsDropSmallOutliersExceptAtOneHundred() {
        Random rnd = new Random(3);
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) x[i] = 100 + 0.1 * rnd.nextGaussian();
        x[150] = 103; // far out in σ, but 3 % of the expected value
        DetectOptions o = DetectOptions.defaults().withPeriod(0);
        assertTrue(AnomalyDetector.entire(x, o.withSensitivity(100)).isAnomaly()[150]);
        assertTrue(AnomalyDetector.entire(x, o.withSensitivity(99)).isAnomaly()[150]);
        assertFalse(AnomalyDetector.entire(x, o.withSensitivity(95)).isAnomaly()[150], "inside ±5 % of 100");
    }

    @Test
    void longGapsInASeasonalSeriesAreFilledFromTheNeighbouringCycles() {
        int period = 20;
        double[] x = new double[120];
        boolean[] imputed = new boolean[120];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(2 * Math.PI * i / period);
        for (int i = 45; i < 55; i++) {
            imputed[i] = true;
            x[i] = 0; // what a straight line between near-zero ends gives
        }
        imputed[90] = true; // a short gap keeps its line
        x[90] = 42;
        double[] f = Imputer.seasonalGaps(x, imputed, period, new boolean[x.length]);
        for (int i = 45; i < 55; i++) assertEquals(Math.sin(2 * Math.PI * i / period), f[i], 1e-9, "phase " + i);
        assertEquals(42, f[90]);
    }

    @Test
    void aSpikeIsNotCopiedIntoALongGapOfItsPhase() {
        // Azure's engine fills a long gap from the same phase of the cycles around it, then takes outliers (3 standard
        // deviations of the detrended series, in at most half of their phase's cycles) out before decomposing: a spike
        // next to a gap does not reach the seasonal pattern
        int period = 25, n = 100;
        double[] x = new double[n];
        boolean[] imputed = new boolean[n];
        for (int i = 0; i < n; i++) x[i] = 20 + 10 * Math.sin(2 * Math.PI * i / period);
        x[30] += 500;
        for (int i = 50; i <= 60; i++) imputed[i] = true; // 11 missing points, 55 in the spike's phase
        double[] trend = new double[n];
        java.util.Arrays.fill(trend, 20);
        boolean[] spikes = Imputer.spikes(x, imputed, trend, period);
        for (int i = 0; i < n; i++) assertEquals(i == 30, spikes[i], "point " + i);
        double[] f = Imputer.seasonalGaps(x, imputed, period, spikes);
        for (int i = 50; i <= 60; i++) assertEquals(20 + 10 * Math.sin(2 * Math.PI * i / period), f[i], 1e-9, "point " + i);
        // without the spike left out, 55 took it at weight 0.6 of 1.5 (the cycles 1 before and 1 after; 2 before too)
        assertTrue(Imputer.seasonalGaps(x, imputed, period, new boolean[x.length])[55] > 100);

        // a phase whose every cycle is high is the pattern, not a spike
        double[] pattern = x.clone();
        for (int i = 5; i < n; i += period) pattern[i] += 500;
        boolean[] none = Imputer.spikes(pattern, imputed, trend, period);
        for (int i = 5; i < n; i += period) assertFalse(none[i], "point " + i);

        // through the detector: days on a grid with those 11 days missing, imputeMode auto; the spike is the only flag
        java.util.List<TimePoint> days = new java.util.ArrayList<>();
        java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) if (!imputed[i]) days.add(new TimePoint(t0.plusSeconds(86400L * i), x[i]));
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.DAILY, 1).withPeriod(period);
        EntireResult r = AnomalyDetector.entire(days, o);
        java.util.List<Integer> flagged = new java.util.ArrayList<>();
        for (int j = 0; j < days.size(); j++) if (r.isAnomaly()[j]) flagged.add(j);
        assertEquals(java.util.List.of(30), flagged);
        for (int j = 0; j < days.size(); j++) {
            if (j != 30) assertEquals(days.get(j).value(), r.expectedValues()[j], 1e-6, "point " + j);
        }
    }

    @Test
    void aLinearFillBesideASpikeIsDrawnBetweenTheNeighboursThatAreNotSpikes() {
        // imputeMode linear drew the line of a long gap from the spike beside it: every filled point carried it
        int period = 24, n = 96;
        double[] x = new double[n];
        boolean[] imputed = new boolean[n];
        for (int i = 0; i < n; i++) x[i] = 20 + 10 * Math.sin(2 * Math.PI * i / period);
        x[39] += 500;
        for (int i = 40; i <= 60; i++) {
            imputed[i] = true;
            x[i] = x[39] + (x[61] - x[39]) * (i - 39) / 22.0; // the straight line from the spike
        }
        boolean[] spikes = new boolean[n];
        spikes[39] = true;
        double[] f = Imputer.linearGaps(x, imputed, period, spikes);
        for (int i = 40; i <= 60; i++) assertEquals(x[38] + (x[61] - x[38]) * (i - 38) / 23.0, f[i], 1e-9, "point " + i);
        assertEquals(x[39], f[39]); // the spike itself is observed: it stays
        // a gap beside no spike, or a short one (6 points, a quarter of the period), keeps its line
        boolean[] none = new boolean[n];
        assertTrue(Imputer.linearGaps(x, imputed, period, none) == x);
        boolean[] shortGap = new boolean[n];
        for (int i = 40; i <= 45; i++) shortGap[i] = true;
        assertTrue(Imputer.linearGaps(x, shortGap, period, spikes) == x);

        // through the detector: an hourly day cycle with 21 hours missing beside a spike, before or after the gap;
        // the spike is the only flag, of Azure's view and of the native one (the line from it flagged its neighbours)
        for (int spikeAt : new int[]{39, 61}) {
            Random rnd = new Random(1);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = 20 + 10 * Math.sin(2 * Math.PI * i / period) + 0.3 * rnd.nextGaussian();
            y[spikeAt] += 500;
            java.util.List<TimePoint> hours = new java.util.ArrayList<>();
            java.util.List<Integer> at = new java.util.ArrayList<>();
            java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < n; i++) {
                if (i >= 40 && i <= 60) continue;
                hours.add(new TimePoint(t0.plusSeconds(3600L * i), y[i]));
                at.add(i);
            }
            DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1).withPeriod(period)
                    .withImpute(ImputeMode.LINEAR, 0);
            EntireResult azure = AnomalyDetector.entire(hours, o);
            NativeResult own = NativeDetector.detect(hours, o.withSensitivity(DetectOptions.NATIVE_DEFAULT_SENSITIVITY), null, false);
            java.util.List<Integer> flagged = new java.util.ArrayList<>(), nativeFlagged = new java.util.ArrayList<>();
            for (int j = 0; j < hours.size(); j++) {
                if (azure.isAnomaly()[j]) flagged.add(at.get(j));
                if (own.entire().isAnomaly()[j]) nativeFlagged.add(at.get(j));
                // a straight line over most of a day is no day: the phases it covers are a little off (the cycle's
                // amplitude is 10), but none carries the spike
                if (at.get(j) != spikeAt) {
                    assertEquals(y[at.get(j)], azure.expectedValues()[j], 3.0, "spike " + spikeAt + ", point " + at.get(j));
                }
            }
            assertEquals(java.util.List.of(spikeAt), flagged, "entire, spike at " + spikeAt);
            assertEquals(java.util.List.of(spikeAt), nativeFlagged, "native, spike at " + spikeAt);
        }
    }

    @Test
    void ascendingOrderIsStable() {
        assertEquals(java.util.List.of(4, 1, 3, 0, 2, 5),
                java.util.Arrays.stream(EngineOutliers.ascendingOrder(new double[]{3, 1, 3, 2, 0, 9})).boxed().toList());
    }

    @Test
    void aNoisySineIsNotFlaggedAtAzuresDefaults() {
        Random rnd = new Random(5);
        double[] x = new double[8640];
        for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 288) + 2 * rnd.nextGaussian();
        EntireResult r = AnomalyDetector.entire(x, DetectOptions.defaults());
        assertEquals(288, r.period());
        // the engine's |z| > 3 test alone passes ~0.27 % of Gaussian noise (its ESD test none): under 1 %, not 5 %
        assertTrue(r.anomalyCount() <= 86, "flagged " + r.anomalyCount() + " of 8640");
        assertTrue(r.anomalyCount() > 0, "the |z| > 3 tails are flagged, as Azure did");
    }

    @Test
    void ascendingOrderIsTheStableSortByValue() {
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = trial < 3 ? trial : 1 + rnd.nextInt(3000);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (rnd.nextInt(5)) {
                    case 0 -> rnd.nextInt(4);                      // many ties
                    case 1 -> -rnd.nextDouble() * 1e6;              // negatives
                    case 2 -> rnd.nextBoolean() ? 0.0 : -0.0;       // signed zeros compare equal
                    case 3 -> rnd.nextGaussian() * 1e-300;          // tiny, subnormal-near
                    default -> rnd.nextDouble();
                };
            }
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) expected[i] = i;
            // the order the engine's comparison defines: by value with <, ties in index order
            java.util.Arrays.sort(expected, (p, q) -> x[p] < x[q] ? -1 : x[q] < x[p] ? 1 : Integer.compare(p, q));
            int[] got = EngineOutliers.ascendingOrder(x);
            assertEquals(java.util.Arrays.stream(expected).toList(), java.util.Arrays.stream(got).boxed().toList(), "trial " + trial);
        }
    }

    @Test
    void shrinkingMadFindsWhatAFreshSearchFinds() {
        // the ESD loop's slices, one value shorter each time from either end, over values with and without ties
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rnd.nextInt(trial < 100 ? 12 : 400);
            double[] a = new double[n];
            int kind = trial % 3;
            for (int i = 0; i < n; i++) {
                a[i] = kind == 0 ? rnd.nextGaussian() : kind == 1 ? rnd.nextInt(4) : (rnd.nextInt(5) == 0 ? 10 * rnd.nextGaussian() : 1);
            }
            java.util.Arrays.sort(a);
            for (boolean upper : new boolean[]{true, false}) {
                EngineOutliers.ShrinkingMad mad = new EngineOutliers.ShrinkingMad();
                for (int k = 0; n - k >= 2; k++) {
                    int from = upper ? 0 : k, to = upper ? n - k : n, m = to - from;
                    double med = m % 2 == 1 ? a[from + m / 2] : (a[from + m / 2 - 1] + a[from + m / 2]) / 2;
                    double[] dev = new double[m];
                    for (int i = 0; i < m; i++) dev[i] = Math.abs(a[from + i] - med);
                    java.util.Arrays.sort(dev);
                    double expected = m % 2 == 1 ? dev[m / 2] : (dev[m / 2 - 1] + dev[m / 2]) / 2;
                    double fresh = new EngineOutliers.ShrinkingMad().of(a, from, to, med);
                    assertEquals(Double.doubleToLongBits(fresh), Double.doubleToLongBits(mad.of(a, from, to, med)), "trial " + trial + " k " + k);
                    assertEquals(expected, fresh, 0, "trial " + trial + " k " + k);
                }
            }
        }
    }
}
