package io.wattline.analytics.baseline;

import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.LinearModel;
import smile.regression.OLS;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a baseline by ordinary least squares (Smile's OLS, QR decomposition) on the first
 * {@code 1 - HOLDOUT_SHARE} of the samples in time order and scores it on the rest: a baseline is judged on
 * data it has not seen, the way it is used. The model kept is the one fitted on the training part, so the
 * reported held-out figures are the deployed model's.
 */
public final class BaselineTrainer {
    public static final int MIN_SAMPLES = 50;
    /** The held-out tail: the last fifth, in time order (a random split would leak neighbouring hours). */
    public static final double HOLDOUT_SHARE = 0.2;
    private static final String TARGET = "energy";

    private BaselineTrainer() {}

    /** How many of {@code n} samples in time order a baseline is fitted on; the rest is its held-out tail. */
    public static int trainingSize(int n) {
        return n - Math.max(1, (int) Math.round(n * HOLDOUT_SHARE));
    }

    /**
     * @param drivers names of the columns of {@code x}
     * @param x       driver values per sample, samples in time order
     * @param y       energy per sample
     * @throws IllegalArgumentException with fewer than {@link #MIN_SAMPLES} samples, or a driver that never varies
     */
    public static BaselineFit fit(List<String> drivers, double[][] x, double[] y, BaselineModel.Granularity granularity) {
        return fit(drivers, x, y, granularity, Map.of());
    }

    /** As {@link #fit(List, double[][], double[], BaselineModel.Granularity)}, the degree drivers counted from these bases. */
    public static BaselineFit fit(List<String> drivers, double[][] x, double[] y, BaselineModel.Granularity granularity,
                                  Map<String, Double> balancePointsC) {
        int n = y.length, p = drivers.size();
        if (x.length != n) throw new IllegalArgumentException("x and y differ in length");
        if (n < MIN_SAMPLES) {
            throw new IllegalArgumentException("Not enough data to train a baseline: " + n + " samples, at least "
                    + MIN_SAMPLES + " needed");
        }
        if (p == 0) throw new IllegalArgumentException("at least one driver is needed");
        int train = trainingSize(n), test = n - train;
        if (train < p + 2) throw new IllegalArgumentException("too few samples for " + p + " drivers");
        for (int j = 0; j < p; j++) {
            double first = x[0][j];
            boolean varies = false;
            for (int i = 1; i < train && !varies; i++) varies = x[i][j] != first;
            if (!varies) throw new IllegalArgumentException("Driver " + drivers.get(j)
                    + " does not vary in the training period, so its effect cannot be estimated");
        }

        String[] names = new String[p + 1];
        for (int j = 0; j < p; j++) names[j] = drivers.get(j);
        names[p] = TARGET;
        double[][] rows = new double[train][p + 1];
        for (int i = 0; i < train; i++) {
            System.arraycopy(x[i], 0, rows[i], 0, p);
            rows[i][p] = y[i];
        }
        LinearModel ols = OLS.fit(Formula.lhs(TARGET), DataFrame.of(rows, names));
        double[] coefficients = ols.coefficients().clone();
        BaselineModel model = new BaselineModel(drivers, ols.intercept(), coefficients, granularity, balancePointsC,
                spread(x, y, train, ols.intercept(), coefficients));

        double[] fitted = new double[train], actualTrain = new double[train];
        for (int i = 0; i < train; i++) {
            fitted[i] = model.predict(x[i]);
            actualTrain[i] = y[i];
        }
        double[] predicted = new double[test], actualTest = new double[test];
        for (int i = 0; i < test; i++) {
            predicted[i] = model.predict(x[train + i]);
            actualTest[i] = y[train + i];
        }
        Accuracy inSample = Accuracy.of(actualTrain, fitted, p + 1);
        Accuracy heldOut = Accuracy.of(actualTest, predicted, 0);

        // Smile's t-test table: one row per predictor column of the design matrix, the intercept first
        double[][] t = ols.ttest();
        Map<String, Double> pValues = new LinkedHashMap<>();
        for (int j = 0; j < p; j++) pValues.put(drivers.get(j), t[t.length - p + j][3]);

        return new BaselineFit(model, train, heldOut, inSample, BaselineFit.withIntercept(model),
                importance(drivers, x, train, model.coefficients()), pValues, ols.pvalue(),
                heldOut.passesG14(granularity), BaselineFit.EnpiValidity.of(ols.RSquared(), ols.pvalue(), pValues));
    }

    /**
     * The fit's {@link BaselineModel.Spread} over its first {@code rows} samples; null where the drivers' scatter matrix
     * is singular (drivers that move together), whose coefficients OLS could not tell apart either.
     */
    static BaselineModel.Spread spread(double[][] x, double[] y, int rows, double intercept, double[] coefficients) {
        int p = coefficients.length;
        double[] mean = new double[p];
        for (int i = 0; i < rows; i++) for (int j = 0; j < p; j++) mean[j] += x[i][j] / rows;
        double[][] scatter = new double[p][p];
        double sse = 0;
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) scatter[a][b] += (x[i][a] - mean[a]) * (x[i][b] - mean[b]);
            double e = y[i] - intercept;
            for (int j = 0; j < p; j++) e -= coefficients[j] * x[i][j];
            sse += e * e;
        }
        double[][] inverse = inverseOfSymmetricPositive(scatter);
        return inverse == null ? null : new BaselineModel.Spread(rows, sse / Math.max(1, rows - p - 1), mean, inverse);
    }

    /** The inverse of a symmetric positive-definite matrix by Smile's Cholesky factor, or null when it is not positive definite. */
    static double[][] inverseOfSymmetricPositive(double[][] a) {
        smile.math.matrix.Matrix m = smile.math.matrix.Matrix.of(a);
        m.uplo(smile.math.blas.UPLO.LOWER);
        try {
            return m.cholesky().inverse().toArray();
        } catch (ArithmeticException | IllegalArgumentException notPositiveDefinite) {
            return null;
        }
    }

    /**
     * Each driver's share of the explained variation: |coefficient × standard deviation of the driver|,
     * normalised to sum to 1 (standardised coefficients, comparable across units).
     */
    static Map<String, Double> importance(List<String> drivers, double[][] x, int rows, double[] coef) {
        int p = drivers.size();
        double[] w = new double[p];
        double total = 0;
        for (int j = 0; j < p; j++) {
            double mean = 0, var = 0;
            for (int i = 0; i < rows; i++) mean += x[i][j];
            mean /= rows;
            for (int i = 0; i < rows; i++) var += (x[i][j] - mean) * (x[i][j] - mean);
            w[j] = Math.abs(coef[j]) * Math.sqrt(var / Math.max(1, rows - 1));
            total += w[j];
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < p; j++) out.put(drivers.get(j), total == 0 ? 0 : w[j] / total);
        return out;
    }
}
