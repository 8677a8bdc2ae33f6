package io.wattline.analytics.detect;

/**
 * Everything the entire-series detector computed, on the filled grid (one entry per grid point;
 * {@code inputAt} maps input points to grid positions). The Azure and native responses are views of it.
 *
 * @param values    the series on the grid (missing points filled)
 * @param imputed   grid points that were filled rather than observed
 * @param inputAt   grid position of each input point
 * @param decomposition trend + seasonal model; expected value = trend + seasonal
 * @param sigma     robust scale of the prediction error at each point
 * @param srScore   spectral-residual score per point
 * @param k         band half width in σ (from the sensitivity)
 * @param margin    band half width per point
 * @param anomaly   the verdict per grid point, after the maxAnomalyRatio cap
 * @param severity  0 for normal points, (0, 1] for anomalies
 */
public record Analysis(double[] values, boolean[] imputed, int[] inputAt, Decomposition decomposition,
                       double[] sigma, double[] srScore, double k, double[] margin, boolean[] anomaly,
                       double[] severity) {

    public int period() {
        return decomposition.period();
    }

    public int size() {
        return values.length;
    }

    public double expected(int i) {
        return decomposition.expected(i);
    }

    /** The raw prediction error |x − expected| (the native API's "energy"). */
    public double energy(int i) {
        return Math.abs(values[i] - expected(i));
    }

    /** The prediction error in robust σ. */
    public double z(int i) {
        return energy(i) / sigma[i];
    }
}
