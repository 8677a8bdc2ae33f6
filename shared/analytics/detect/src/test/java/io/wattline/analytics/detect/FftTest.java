package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FftTest {
    @Test
    void matchesTheDefinitionForPowerOfTwoAndOtherLengths() {
        Random rnd = new Random(1);
        for (int n : new int[]{1, 2, 8, 12, 97, 100, 128}) {
            double[] re = new double[n], im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = rnd.nextGaussian();
                im[i] = rnd.nextGaussian();
            }
            double[] fr = re.clone(), fi = im.clone();
            Fft.transform(fr, fi, false);
            for (int k = 0; k < n; k++) {
                double sr = 0, si = 0;
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * j * k / n;
                    sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                    si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
                }
                assertEquals(sr, fr[k], 1e-9, "re n=" + n + " k=" + k);
                assertEquals(si, fi[k], 1e-9, "im n=" + n + " k=" + k);
            }
            Fft.transform(fr, fi, true);
            for (int j = 0; j < n; j++) {
                assertEquals(re[j], fr[j] / n, 1e-9);
                assertEquals(im[j], fi[j] / n, 1e-9);
            }
        }
    }

    @Test
    void theRealTransformGivesTheComplexTransformsFirstHalf() {
        Random rnd = new Random(2);
        for (int m : new int[]{2, 4, 16, 1024}) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) x[i] = rnd.nextGaussian() * 10;
            double[] fr = x.clone(), fi = new double[m];
            Fft.transform(fr, fi, false);
            double[] re = new double[m / 2 + 1], im = new double[m / 2 + 1];
            Fft.realForward(x, re, im);
            for (int k = 0; k <= m / 2; k++) {
                assertEquals(fr[k % m], re[k], 1e-9, "re m=" + m + " k=" + k);
                assertEquals(fi[k % m], im[k], 1e-9, "im m=" + m + " k=" + k);
            }
        }
    }

    @Test
    void theAutocorrelationIsTheUnbiasedOneOfTheDefinition() {
        Random rnd = new Random(3);
        int n = 300;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * i / 24) + 0.3 * rnd.nextGaussian();
        double[] acf = PeriodDetector.autocorrelation(x, 0, n, 60);
        // the same preparation (line removed, winsorised, centred), then the sums by definition
        double[] y = PeriodDetector.detrend(x, 0, n);
        double med = Robust.median(y), s = Robust.madSigma(y);
        for (int i = 0; i < n; i++) y[i] = Math.max(med - 4 * s, Math.min(med + 4 * s, y[i]));
        double mean = Robust.mean(y, 0, n), r0 = 0;
        for (int i = 0; i < n; i++) y[i] -= mean;
        for (int i = 0; i < n; i++) r0 += y[i] * y[i] / n;
        for (int lag = 0; lag <= 60; lag++) {
            double r = 0;
            for (int i = 0; i + lag < n; i++) r += y[i] * y[i + lag];
            assertEquals(r / (n - lag) / r0, acf[lag], 1e-9, "lag " + lag);
        }
    }

    @Test
    void theDirectSumAtChosenLagsEqualsTheTransforms() {
        Random rnd = new Random(5);
        int n = 2000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.sin(2 * Math.PI * i / 24) + 0.002 * i + 0.3 * rnd.nextGaussian();
        double[] y = PeriodDetector.centred(x, 0, n);
        double[] all = PeriodDetector.autocorrelation(y, 40), some = PeriodDetector.autocorrelationAt(y, 20, 28);
        for (int lag = 20; lag <= 28; lag++) assertEquals(all[lag], some[lag], 1e-12, "lag " + lag);
        assertEquals(0, some[19]); // lags outside the range are not computed
    }
}
