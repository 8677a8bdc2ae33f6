package io.wattline.analytics.twin;

import java.util.function.Function;

/**
 * Training rows resampled from a healthy stream ("predictive resampling"), for both models: each
 * row is the features of a window drawn with replacement from its own bootstrap replicate of the
 * stream. Drawn this way, a window's statistics spread as much as those of a fresh healthy window
 * do, plus the uncertainty of the stream's own estimate of the healthy distribution (its mean is only
 * known to ±σ/√n). Overlapping contiguous windows of one short stream cannot show that spread:
 * neighbours share all but one of their samples.
 */
final class ResampledWindows {
    private ResampledWindows() {}

    /**
     * @param stream   the healthy samples (at least 2)
     * @param count    rows to draw (at least 1)
     * @param window   samples per window
     * @param random   the draws (each model its own stream of the seed)
     * @param features a window's feature row
     */
    static double[][] rows(Sample[] stream, int count, int window, TwinRandom random, Function<Sample[], double[]> features) {
        if (stream.length < 2 || count < 1) {
            throw new IllegalArgumentException("need at least 2 samples and a positive count");
        }
        int n = stream.length;
        double[][] rows = new double[count][];
        Sample[] replicate = new Sample[n];
        Sample[] drawn = new Sample[window];
        for (int w = 0; w < count; w++) {
            for (int k = 0; k < n; k++) {
                replicate[k] = stream[random.nextInt(n)];
            }
            for (int k = 0; k < window; k++) {
                drawn[k] = replicate[random.nextInt(n)];
            }
            rows[w] = features.apply(drawn);
        }
        return rows;
    }
}
