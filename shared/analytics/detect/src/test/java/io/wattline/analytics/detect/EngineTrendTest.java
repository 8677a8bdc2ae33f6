package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Figures from the engine's published code run with numpy and scipy (LSQUnivariateSpline, theilslopes, welch): a
 * slope, a 7-point wave and fixed noise, 60 points.
 */
class EngineTrendTest {
    private static double[] series() {
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) x[i] = 10 + 0.05 * i + 2 * Math.sin(2 * Math.PI * i / 7) + (((i * 7919L) % 13) - 6) * 0.2;
        return x;
    }

    @Test
    void theTrendOfASeriesWithoutOutliersIsTheEnginesSplineWithAgletEnds() {
        double[] t = EngineTrend.of(series(), 0);
        assertEquals(10.17878445619945, t[0], 1e-9);
        assertEquals(10.52740469749805, t[10], 1e-9);
        assertEquals(11.622394149693957, t[30], 1e-9);
        assertEquals(13.326559007286065, t[59], 1e-9);
    }

    @Test
    void theTrendWithoutAPeriodGuessesItFromTheWelchPeriodogram() {
        assertEquals(8, EngineTrend.guessPeriod(series()));
        double[] t = EngineTrend.of(series(), null);
        assertEquals(10.218981743878567, t[0], 1e-9);
        assertEquals(13.514064496546347, t[59], 1e-9);
    }

    /**
     * entire/detect of a daily series without a period (the engine's dynamic threshold model): a spike is flagged and
     * the expected values are the trend of the series with the spike interpolated away, as the engine answered (was:
     * the trailing mean of five, 11.2 at the point after the spike against the engine's 11.61).
     */
    @Test
    void aDailySeriesWithoutAPeriodIsExpectedAtTheEnginesTrend() {
        double[] x = series();
        x[30] = 40;
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TimePoint> s = new ArrayList<>();
        for (int i = 0; i < x.length; i++) s.add(new TimePoint(t0.plusSeconds(86400L * i), x[i]));
        EntireResult r = AnomalyDetector.entire(s, DetectOptions.defaults().withGranularity(Granularity.DAILY, 1).withPeriod(0));
        assertTrue(r.isAnomaly()[30] && r.isPositiveAnomaly()[30]);
        assertEquals(1, r.anomalyCount());
        assertEquals(10.193952816277129, r.expectedValues()[0], 1e-9);
        assertEquals(11.472236240653404, r.expectedValues()[29], 1e-9);
        assertEquals(11.541076174825994, r.expectedValues()[30], 1e-9);
        assertEquals(11.607335034564455, r.expectedValues()[31], 1e-9);
        assertEquals(13.519789328243576, r.expectedValues()[59], 1e-9);
    }

    /**
     * last/detect of an hourly series without a period: the engine expected the last point at its trend of the series
     * with the z-score test's outliers (a dip at 15) and the flagged last point interpolated away (was our one-step
     * model's expectation; azure-dev's json_spectrum_period.last_0 went from 54 % of the range off to 0.00 %).
     */
    @Test
    void lastDetectWithoutAPeriodExpectsTheLastPointAtTheEnginesTrend() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TimePoint> s = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double v = i == 15 ? 4 : i == 39 ? 25 : 10 + 0.05 * i + (((i * 7919L) % 13) - 6) * 0.2;
            s.add(new TimePoint(t0.plusSeconds(3600L * i), v));
        }
        LastResult r = AnomalyDetector.last(s, DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1).withPeriod(0));
        assertTrue(r.isAnomaly() && r.isPositiveAnomaly());
        assertEquals(12.366072924893555, r.expectedValue(), 1e-9);
        assertTrue(25 > r.expectedValue() + r.upperMargin(), "the flagged point lies outside the band answered");
    }

    /**
     * Without a period and with imputeMode auto, the engine filled nothing: a daily series missing ten days is judged
     * and expected as its 50 points one after another (was: on the 60-day grid with the ten days drawn in by a line).
     */
    @Test
    void withImputeModeAutoAndNoPeriodTheGivenPointsAreDetectedOneAfterAnother() {
        double[] x = series();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TimePoint> s = new ArrayList<>();
        for (int i = 0; i < x.length; i++) if (i < 20 || i >= 30) s.add(new TimePoint(t0.plusSeconds(86400L * i), x[i]));
        EntireResult r = AnomalyDetector.entire(s, DetectOptions.defaults().withGranularity(Granularity.DAILY, 1).withPeriod(0));
        assertEquals(0, r.anomalyCount());
        assertEquals(10.082714721948587, r.expectedValues()[0], 1e-9);
        assertEquals(11.358924628586152, r.expectedValues()[19], 1e-9);
        assertEquals(11.477799732204197, r.expectedValues()[20], 1e-9);
        assertEquals(13.394890604378045, r.expectedValues()[49], 1e-9);
    }

    /** The same last detection missing hours 20-24, imputeMode auto: the engine's trend of the 35 points as given. */
    @Test
    void lastDetectWithoutAPeriodAndImputeModeAutoTakesThePointsAsGiven() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<TimePoint> s = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i >= 20 && i < 25) continue;
            double v = i == 15 ? 4 : i == 39 ? 25 : 10 + 0.05 * i + (((i * 7919L) % 13) - 6) * 0.2;
            s.add(new TimePoint(t0.plusSeconds(3600L * i), v));
        }
        LastResult r = AnomalyDetector.last(s, DetectOptions.defaults().withGranularity(Granularity.HOURLY, 1).withPeriod(0));
        assertTrue(r.isAnomaly());
        assertEquals(12.163682330456677, r.expectedValue(), 1e-9);
    }
    /**
     * The Theil-Sen slope of a long window is selected from the slopes inside a sampled bracket: bit for bit the median
     * of all the pairwise slopes, sorted, on noise, a ramp with outliers, integer values full of ties, one value; in
     * windows of 181 points (all slopes selected from directly) and 182 to 1,024 (bracketed), from an offset.
     */
    @Test
    void theilSlopeIsExactlyTheMedianOfAllPairwiseSlopes() {
        long state = 7;
        for (int w : new int[] {181, 182, 600, 1023, 1024}) {
            double[][] cases = new double[4][w + 9];
            for (int i = 0; i < w + 9; i++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                double u = (state >>> 11) / (double) (1L << 53);
                cases[0][i] = 100 * u;
                cases[1][i] = 0.3 * i + (i % 97 == 5 ? 500 : u);
                cases[2][i] = Math.floor(5 * u);
                cases[3][i] = 42;
            }
            for (double[] y : cases) {
                double[] all = new double[w * (w - 1) / 2];
                int c = 0;
                for (int i = 0; i < w; i++) for (int j = i + 1; j < w; j++) all[c++] = (y[9 + j] - y[9 + i]) / (j - i);
                java.util.Arrays.sort(all);
                double median = (c & 1) == 1 ? all[c / 2] : 0.5 * (all[c / 2 - 1] + all[c / 2]);
                assertEquals(median, EngineTrend.theilSlope(y, 9, 9 + w), 0.0, "window " + w);
            }
        }
    }
}
