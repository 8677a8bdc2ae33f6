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
}
