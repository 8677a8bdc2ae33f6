package io.wattline.analytics.twin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FeaturesTest {
    private static Sample[] ramp() {
        Sample[] s = new Sample[100];
        for (int k = 0; k < 100; k++) {
            s[k] = new Sample(k + 1, 10, k % 2 == 0 ? 0.9 : 1.0, k < 50 ? 0.1 : 0.3);
        }
        return s;
    }

    @Test
    void batchFeaturesAreMeanStdPeakToPeakRmsPerSignal() {
        assertEquals(16, BatchFeatures.NAMES.size());
        assertEquals("voltage_v_mean", BatchFeatures.NAMES.get(0));
        assertEquals("current_a_peak_to_peak", BatchFeatures.NAMES.get(6));
        assertEquals("vibration_g_rms", BatchFeatures.NAMES.get(15));
        double[] f = BatchFeatures.of(ramp());
        assertEquals(50.5, f[0], 1e-12);
        assertEquals(Math.sqrt((100.0 * 100 - 1) / 12), f[1], 1e-9); // population std of 1..100
        assertEquals(99.0, f[2], 1e-12);
        assertEquals(Math.sqrt(338350.0 / 100), f[3], 1e-9); // Σk² = 338350
        assertArrayEquals(new double[] {10, 0, 0, 10}, new double[] {f[4], f[5], f[6], f[7]}, 1e-12);
        assertArrayEquals(new double[] {0.95, 0.05, 0.1, Math.sqrt((0.81 + 1) / 2)},
                new double[] {f[8], f[9], f[10], f[11]}, 1e-12);
        assertArrayEquals(new double[] {0.2, 0.1, 0.2, Math.sqrt((0.01 + 0.09) / 2)},
                new double[] {f[12], f[13], f[14], f[15]}, 1e-12);
    }

    @Test
    void batchTrainingWindows() {
        Sample[] cal = new MotorSimulator(1).calibration(1000);
        assertEquals(10, BatchFeatures.trainingRows(cal, 100).length);
        assertEquals(901, BatchFeatures.trainingRows(cal, 1).length);
        assertArrayEquals(BatchFeatures.of(cal, 100, 100), BatchFeatures.trainingRows(cal, 100)[1]);
        double[][] resampled = BatchFeatures.resampledRows(cal, 500, 3);
        assertEquals(500, resampled.length);
        assertArrayEquals(resampled[17], BatchFeatures.resampledRows(cal, 500, 3)[17]);
        // resampled windows spread like fresh seconds: the sd of window mean voltage ≈ 2/√100 (×√1.1 for the replicate)
        double m = 0, ss = 0;
        for (double[] r : resampled) {
            m += r[0] / resampled.length;
        }
        for (double[] r : resampled) {
            ss += (r[0] - m) * (r[0] - m);
        }
        assertEquals(0.2 * Math.sqrt(1.1), Math.sqrt(ss / resampled.length), 0.03);
    }

    @Test
    void legacyFeaturesOverTheTrailingWindow() {
        assertEquals(6, LegacyFeatures.NAMES.size());
        Sample[] w = new Sample[60];
        for (int k = 0; k < 60; k++) {
            // current: 59 readings of 15 A and one of 25 A → mean 15.1667, σ 1.2802, cut 17.73 → 1 spike
            w[k] = new Sample(k < 30 ? 228 : 236, k == 10 ? 25 : 15, 0.9, k % 2 == 0 ? 0.3 : 0.4);
        }
        w[59] = new Sample(236, 15, 1.2, 0.4);
        double[] f = LegacyFeatures.of(w);
        assertEquals(232.0, f[0], 1e-12);
        assertEquals(1.0, f[1]);
        assertEquals(1.0, f[2], 0.0); // newest power factor 1.2 clamped
        double rms = Math.sqrt((0.09 + 0.16) / 2);
        assertEquals(rms, f[3], 1e-12);
        assertEquals(2.0, f[4], 1e-12);
        assertEquals(rms / 1.01, f[5], 1e-12);
    }

    @Test
    void legacyTrainingRowsAreFullTrailingWindows() {
        Sample[] cal = new MotorSimulator(1).calibration(1000);
        double[][] rows = LegacyFeatures.trainingRows(cal);
        assertEquals(941, rows.length);
        assertArrayEquals(LegacyFeatures.of(java.util.Arrays.copyOfRange(cal, 940, 1000)), rows[940]);
        assertThrows(IllegalArgumentException.class, () -> LegacyFeatures.trainingRows(new Sample[59]));
    }

    @Test
    void baselineProfileHasThreeSigmaLimits() {
        Sample[] s = {new Sample(228, 14, 0.90, 0.1), new Sample(230, 15, 0.92, 0.2), new Sample(232, 16, 0.94, 0.3)};
        BaselineProfile p = BaselineProfile.of(s);
        BaselineProfile.SignalProfile v = p.signal(Sample.Signal.VOLTAGE);
        assertEquals(228, v.min());
        assertEquals(232, v.max());
        assertEquals(230, v.mean(), 1e-12);
        assertEquals(2.0, v.std(), 1e-12); // sample sd (n − 1)
        assertEquals(224, v.lower3Sigma(), 1e-12);
        assertEquals(236, v.upper3Sigma(), 1e-12);
        assertEquals(0.5, p.signal(Sample.Signal.VIBRATION).upper3Sigma(), 1e-12);
        assertEquals(java.util.List.of(Sample.Signal.VOLTAGE), p.outside3Sigma(new Sample(237, 15, 0.92, 0.2)));
        assertEquals(3, p.sampleCount());
    }
}
