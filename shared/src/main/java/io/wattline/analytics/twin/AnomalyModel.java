package io.wattline.analytics.twin;

import smile.anomaly.IsolationForest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A trained Isolation Forest over standardized features, with its score calibration.
 *
 * <ul>
 *   <li>{@link #raw}: Smile's anomaly score 2^(−E[h]/c(ψ)) of the standardized features (higher is
 *       more anomalous; about 0.5 marks nothing special, near 1 a clear outlier).</li>
 *   <li>{@link #score}: clip(raw ÷ (1.5 × threshold), 0, 1), threshold being the 99th percentile of
 *       the training rows' raw scores.</li>
 *   <li>{@link #outlier}: raw above the (1 − contamination) quantile of the training rows' raw
 *       scores, which is what scikit-learn's {@code predict} does with {@code contamination}.</li>
 * </ul>
 *
 * @param featureNames       the features, in order
 * @param mean               per-feature mean of the training rows (standardization)
 * @param scale              per-feature standard deviation (population; 1 where it is 0)
 * @param forest             the Smile forest
 * @param threshold          99th percentile of the training raw scores
 * @param contaminationCut   (1 − contamination) quantile of the training raw scores
 * @param trainingRows       rows the model learned from
 * @param config             hyper-parameters it was trained with
 */
public record AnomalyModel(List<String> featureNames, double[] mean, double[] scale, IsolationForest forest,
                           double threshold, double contaminationCut, int trainingRows, ForestConfig config)
        implements Serializable {
    /** Percentile of the training raw scores the calibration divides by. */
    public static final double THRESHOLD_PERCENTILE = 99.0;
    /** The calibrated score is raw ÷ (this × threshold). */
    public static final double THRESHOLD_SPAN = 1.5;

    public AnomalyModel {
        featureNames = List.copyOf(featureNames);
    }

    /** Standardizes the rows, trains the forest and calibrates its scores on the same rows. */
    public static AnomalyModel train(List<String> featureNames, double[][] rows, ForestConfig config) {
        if (rows.length < 10) {
            throw new IllegalArgumentException("need at least 10 training rows, got " + rows.length);
        }
        int d = featureNames.size();
        double[] mean = new double[d], scale = new double[d];
        for (double[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("row of " + row.length + " features, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / rows.length);
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
        double[][] z = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            z[i] = standardize(rows[i], mean, scale);
        }
        IsolationForest forest = SmileForests.fit(z, config);
        double[] raw = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            raw[i] = forest.score(z[i]);
        }
        return new AnomalyModel(featureNames, mean, scale, forest, percentile(raw, THRESHOLD_PERCENTILE),
                percentile(raw, 100.0 * (1 - config.contamination())), rows.length, config);
    }

    /** Smile's raw anomaly score of the (unstandardized) features. */
    public double raw(double[] features) {
        return forest.score(standardize(features, mean, scale));
    }

    /** The calibrated score in [0, 1]. */
    public double score(double[] features) {
        return calibrate(raw(features));
    }

    /** clip(raw ÷ (1.5 × threshold), 0, 1). */
    public double calibrate(double raw) {
        return Math.max(0, Math.min(1, raw / (THRESHOLD_SPAN * threshold)));
    }

    /** The contamination label: raw above the training rows' (1 − contamination) quantile. */
    public boolean outlier(double[] features) {
        return raw(features) > contaminationCut;
    }

    static double[] standardize(double[] x, double[] mean, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - mean[j]) / scale[j];
        }
        return z;
    }

    /** The p-th percentile (0..100) with linear interpolation between ranks (NumPy's default). */
    public static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = p / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }
}
