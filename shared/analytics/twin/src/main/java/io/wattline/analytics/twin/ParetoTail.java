package io.wattline.analytics.twin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The upper tail of a sample as a generalized Pareto distribution ("peaks over threshold"): the
 * values above the sample's (1 − tail share) quantile u, minus u, are fitted by
 * GPD(ξ, β), which extreme-value theory gives as the limit for the exceedances of any continuous
 * score over a high enough threshold. The fit then gives quantiles further out than the sample can
 * show: 2,000 values hold two above their 99.9th percentile, so that empirical quantile moves a lot
 * from one sample to the next, while 200 values above the 90th percentile fix the tail's shape.
 *
 * <p>Fitted by the method of moments (ξ = ½ (1 − m²/s²), β = ½ m (1 + m²/s²), m and s² the mean and
 * sample variance of the exceedances): closed form, no iteration that may fail to converge, and
 * valid for the bounded tails (ξ &lt; 0) of anomaly scores, which cannot exceed 1.
 *
 * @param threshold u, the sample's (1 − tail share) quantile
 * @param shape     ξ (negative: a bounded tail, 0: exponential, positive: a heavy tail)
 * @param scale     β
 * @param tailShare ζ, the share of the sample above u
 */
public record ParetoTail(double threshold, double shape, double scale, double tailShare) {
    /** Fewer exceedances than this give no fit: their mean and variance would be noise. */
    public static final int MIN_EXCEEDANCES = 20;

    public ParetoTail {
        if (!Double.isFinite(threshold) || !Double.isFinite(shape) || !(scale > 0) || !Double.isFinite(scale)
                || !(tailShare > 0 && tailShare < 1)) {
            throw new IllegalArgumentException("invalid tail");
        }
    }

    /**
     * Fits the values above the (1 − {@code tailShare}) quantile (linear interpolation).
     *
     * @return empty when fewer than {@link #MIN_EXCEEDANCES} values lie above it or they do not vary
     */
    public static Optional<ParetoTail> fit(double[] values, double tailShare) {
        if (!(tailShare > 0 && tailShare < 1)) {
            throw new IllegalArgumentException("tail share must be in (0, 1)");
        }
        double u = AnomalyModel.percentile(values, 100 * (1 - tailShare));
        double[] excess = Arrays.stream(values).filter(v -> v > u).map(v -> v - u).toArray();
        int k = excess.length;
        if (k < MIN_EXCEEDANCES) {
            return Optional.empty();
        }
        double m = Arrays.stream(excess).average().orElseThrow();
        double ss = 0;
        for (double e : excess) {
            ss += (e - m) * (e - m);
        }
        double var = ss / (k - 1);
        if (!(var > 0)) {
            return Optional.empty();
        }
        double r = m * m / var;
        return Optional.of(new ParetoTail(u, 0.5 * (1 - r), 0.5 * m * (1 + r), (double) k / values.length));
    }

    /** The value exceeded with probability {@code p} (in (0, 1)): u + β/ξ ((p/ζ)^−ξ − 1), u + β ln(ζ/p) at ξ = 0. */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1)");
        }
        double ratio = p / tailShare;
        return Math.abs(shape) < 1e-9 ? threshold - scale * Math.log(ratio)
                : threshold + scale / shape * (Math.pow(ratio, -shape) - 1);
    }
}
