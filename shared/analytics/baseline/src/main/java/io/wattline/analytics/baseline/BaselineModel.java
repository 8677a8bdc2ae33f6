package io.wattline.analytics.baseline;

import java.util.List;
import java.util.Map;

/**
 * A fitted baseline: expected energy = intercept + Σ coefficient × driver. This is the whole artefact a
 * function needs to predict, so predicting never loads Smile or its natives.
 *
 * @param drivers         driver names, in the order of {@code coefficients}
 * @param granularity     the bucket the model was fitted at (its energy is per bucket)
 * @param balancePointsC  the base (°C) of each degree driver ({@code heating_degrees}, {@code cooling_degrees}) the
 *                        model was fitted with ({@link BalancePoints}); a degree driver not named here uses
 *                        {@link BalancePoints#DEFAULT_C} (artefacts from before balance points were fitted)
 * @param spread          how uncertain the fitted formula is at any inputs ({@link #meanVariance}); null in artefacts
 *                        from before it was kept
 */
public record BaselineModel(List<String> drivers, double intercept, double[] coefficients, Granularity granularity,
                            Map<String, Double> balancePointsC, Spread spread) {
    /**
     * What the variance of the fitted formula at given inputs needs (ordinary least squares): the fit's residual
     * variance s² (its sum of squares over n − p − 1), the samples n, the drivers' means x̄ over them and the inverse of
     * their scatter matrix S = Σ (x − x̄)(x − x̄)ᵀ. At x the formula's variance is s² (1/n + (x − x̄)ᵀ S⁻¹ (x − x̄)):
     * small among the conditions it learned from, growing with the square of the distance beyond them.
     */
    public record Spread(int samples, double residualVariance, double[] means, double[][] inverseScatter) {}

    public BaselineModel {
        drivers = List.copyOf(drivers);
        balancePointsC = balancePointsC == null ? Map.of() : Map.copyOf(balancePointsC);
        if (coefficients.length != drivers.size()) {
            throw new IllegalArgumentException(drivers.size() + " drivers but " + coefficients.length + " coefficients");
        }
    }

    public BaselineModel(List<String> drivers, double intercept, double[] coefficients, Granularity granularity) {
        this(drivers, intercept, coefficients, granularity, Map.of(), null);
    }

    /**
     * The variance of the expected energy at {@code x} from the coefficients' own uncertainty (not the scatter of single
     * buckets around it, which the held-out error measures); NaN for a model stored without its {@link Spread}.
     */
    public double meanVariance(double[] x) {
        if (spread == null) return Double.NaN;
        int p = x.length;
        double q = 0;
        for (int i = 0; i < p; i++) {
            double di = x[i] - spread.means()[i];
            for (int j = 0; j < p; j++) q += di * spread.inverseScatter()[i][j] * (x[j] - spread.means()[j]);
        }
        return spread.residualVariance() * (1.0 / spread.samples() + q);
    }

    /** The base (°C) a degree driver is counted from in this model. */
    public double balancePointC(String driver) {
        return balancePointsC.getOrDefault(driver, BalancePoints.DEFAULT_C);
    }

    /** Expected energy of one bucket; {@code x} in the order of {@link #drivers()}. */
    public double predict(double[] x) {
        if (x.length != coefficients.length) {
            throw new IllegalArgumentException("expected " + coefficients.length + " driver values, got " + x.length);
        }
        double y = intercept;
        for (int j = 0; j < x.length; j++) y += coefficients[j] * x[j];
        return y;
    }

    /** The bucket lengths a baseline can be fitted at; each has its ASHRAE Guideline 14 limits. */
    public enum Granularity {
        MIN15("15min", 30, 10), HOURLY("hourly", 30, 10), DAILY("daily", 30, 10), MONTHLY("monthly", 15, 5);

        private final String label;
        private final double maxCvRmse, maxAbsNmbe;

        Granularity(String label, double maxCvRmse, double maxAbsNmbe) {
            this.label = label;
            this.maxCvRmse = maxCvRmse;
            this.maxAbsNmbe = maxAbsNmbe;
        }

        public String label() { return label; }

        /** G14's CV(RMSE) limit in percent (hourly 30, monthly 15; finer and daily buckets use the hourly one). */
        public double maxCvRmse() { return maxCvRmse; }

        /** G14's |NMBE| limit in percent (hourly 10, monthly 5). */
        public double maxAbsNmbe() { return maxAbsNmbe; }
    }
}
