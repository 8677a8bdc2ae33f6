package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSpectralResidualTest {
    /** 200 minutely readings: a 37-minute wave (not a grid cycle) with a little fixed noise, a dip at 60, a spike at 120. */
    private static List<TimePoint> minutely(int stepMinutes, int... skipped) {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        List<TimePoint> s = new ArrayList<>();
        outer:
        for (int i = 0; i < 200; i++) {
            for (int k : skipped) if (k == i) continue outer;
            double v = 50 + 3 * Math.sin(2 * Math.PI * i / 37) + (((i * 7919L) % 13) - 6) * 0.3;
            if (i == 120) v += 8;
            if (i == 60) v -= 6;
            s.add(new TimePoint(t0.plusSeconds(60L * stepMinutes * i), v));
        }
        return s;
    }

    /**
     * Azure's engine judged a minutely series without a period by spectral residual: flags where the score reaches 3.5,
     * expected values the trailing mean of five with off-skeleton points at their skeleton's mean, margins from the
     * scores. Figures worked out from the engine's published code (numpy's FFT and filters, to rounding).
     */
    @Test
    void aMinutelySeriesWithoutAPeriodIsJudgedBySpectralResidualAsTheEngineDid() {
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.MINUTELY, 5).withPeriod(0);
        EntireResult r = AnomalyDetector.entire(minutely(5), o);
        List<Integer> flagged = new ArrayList<>();
        for (int i = 0; i < 200; i++) if (r.isAnomaly()[i]) flagged.add(i);
        assertEquals(List.of(60, 120), flagged);
        assertTrue(r.isNegativeAnomaly()[60]);
        assertTrue(r.isPositiveAnomaly()[120]);
        assertEquals(51.625239928619884, r.expectedValues()[120], 1e-9);
        assertEquals(49.80608380940039, r.expectedValues()[60], 1e-9);
        assertEquals(0.09372056969993992, r.upperMargins()[120], 1e-9);
        assertEquals(0.08781900416332888, r.lowerMargins()[60], 1e-9);
        assertEquals(0.5523867987371253, r.upperMargins()[10], 1e-9);
    }

    /**
     * last/detect of a minutely series without a period, as the engine's spectral residual answered it: a last point
     * within 1.5 standard deviations scores 0 and has the v1 margins (widened to take it in); a jump of 4 scores 5.8 and
     * is flagged; a drop of 9 scores 3.08, under 3.5, and is not. Figures from the engine's published code.
     */
    @Test
    void lastDetectOfAMinutelySeriesWithoutAPeriodIsJudgedBySpectralResidual() {
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.MINUTELY, 1).withPeriod(0);
        double[][] expected = {
                {0, 0, 49.80490272118424, 2.553040625615407},
                {4, 1, 49.631981213639854, 0.06700684503203291},
                {-9, 0, 49.61634533747941, 6.346516416842713}};
        for (double[] c : expected) {
            List<TimePoint> s = new ArrayList<>();
            Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
            for (int i = 0; i < 120; i++) {
                double v = 50 + 3 * Math.sin(2 * Math.PI * i / 37) + (((i * 7919L) % 13) - 6) * 0.3;
                s.add(new TimePoint(t0.plusSeconds(60L * i), i == 119 ? v + c[0] : v));
            }
            LastResult r = AnomalyDetector.last(s, o);
            assertEquals(c[1] == 1, r.isAnomaly(), "a last point moved by " + c[0]);
            assertEquals(c[1] == 1, r.isPositiveAnomaly());
            assertEquals(c[2], r.expectedValue(), 1e-9, "expected, moved by " + c[0]);
            assertEquals(c[3], r.upperMargin(), 1e-9, "margin, moved by " + c[0]);
            assertEquals(c[3], r.lowerMargin(), 1e-9);
        }
    }

    /**
     * A periodic series' spectrum is zero but for rounding (about 1e-16) at most frequencies. The engine's transform
     * zeroes the bins of magnitude at most 1e-8 and takes their log as 0; ours divided those bins by a geometric mean
     * they had entered, which gave a 0/10 square wave of period 8 a saliency of 1.38e8 at index 23 (numpy's: 0.67). Here
     * a series of period 10 whose five predicted points continue it (so the extended series is periodic too): scores
     * from numpy's transform of the engine's code, before the fix 0.695 at 23, 1.231 at 150, the highest 1.95 at 111.
     */
    @Test
    void nearZeroFrequencyBinsAreZeroedAsTheEngineDid() {
        double[] wave = new double[200];
        for (int i = 0; i < wave.length; i++) wave[i] = i % 8 < 4 ? 10 : 0;
        assertEquals(0.6696337842764742, SpectralResidual.saliency(wave)[23], 1e-9, "numpy's transform of a square wave");
        double[] pattern = {6, -6, 1, 0, 5, 0, 0, 0, 0, 0}; // the engine's prediction from 0, 0, 6, -6, 1, 0: 0
        double[] x = new double[195];
        for (int i = 0; i < x.length; i++) x[i] = pattern[i % 10];
        double[] score = EngineSpectralResidual.scores(x, false);
        assertEquals(0.9750025132263339, score[23], 1e-9);
        assertEquals(1.676116914683924, score[150], 1e-9);
        assertEquals(2.5472296405732804, Arrays.stream(score).max().orElseThrow(), 1e-9);
        assertEquals(2.5472296405732804, score[191], 1e-9);
    }

    /** Only fine grids: the same values read hourly, or every hour as minutely 60, go to the outlier tests. */
    @Test
    void onlyMinutelyStepsUnderAnHourAndSecondlyStepsUnderADayUseIt() {
        double[] x = minutely(1).stream().mapToDouble(TimePoint::value).toArray();
        assertTrue(EngineSpectralResidual.applies(Granularity.MINUTELY, 59, 0, x));
        assertFalse(EngineSpectralResidual.applies(Granularity.MINUTELY, 60, 0, x));
        assertTrue(EngineSpectralResidual.applies(Granularity.SECONDLY, 3599, 0, x));
        assertFalse(EngineSpectralResidual.applies(Granularity.SECONDLY, 3600, 0, x));
        assertFalse(EngineSpectralResidual.applies(Granularity.HOURLY, 1, 0, x));
        assertFalse(EngineSpectralResidual.applies(Granularity.MINUTELY, 1, 24, x));
        double[] mostlyOne = new double[50];
        java.util.Arrays.fill(mostlyOne, 7);
        mostlyOne[3] = 9;
        assertFalse(EngineSpectralResidual.applies(Granularity.MINUTELY, 1, 0, mostlyOne), "a MAD of 0: the outlier tests");
    }

    /** With imputeMode auto the engine detected the points as given (no fill without a period): a gap shifts nothing. */
    @Test
    void withImputeModeAutoTheGivenPointsAreDetectedOneAfterAnother() {
        DetectOptions o = DetectOptions.defaults().withGranularity(Granularity.MINUTELY, 5).withPeriod(0);
        EntireResult gapped = AnomalyDetector.entire(minutely(5, 30, 31), o);
        assertEquals(198, gapped.expectedValues().length);
        assertTrue(gapped.isAnomaly()[58] && gapped.isAnomaly()[118], "the dip and the spike, two places earlier");
    }

    @Test
    void averageFilterPadsItsFirstWindowsAsTheEngine() {
        assertArrayEquals(new double[] {1, 1.5, 2, 3}, EngineSpectralResidual.averageFilter(new double[] {1, 2, 3, 4}, 3, false), 1e-12);
        // padded to a window of 4 with the mean before: (1 + 2 + 1·2) / 4 at index 1
        assertArrayEquals(new double[] {1, 1.25, 1.875, 2.5}, EngineSpectralResidual.averageFilter(new double[] {1, 2, 3, 4}, 4, true),
                1e-12);
    }
}
