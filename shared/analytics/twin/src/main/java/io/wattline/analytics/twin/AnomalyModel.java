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
 *   <li>{@link #score}: clip(raw ÷ scoreScale, 0, 1), where scoreScale puts the monitor's 0.65
 *       cut-off ({@link TwinMonitor#HEALTHY_THRESHOLD}) at the raw score a healthy row exceeds with
 *       probability 1/1,000, estimated by a generalized Pareto fit of the top 10 % of the training
 *       rows' raw scores ({@link ParetoTail}).</li>
 *   <li>{@link #outlier}: raw above the (1 − contamination) quantile of the training rows' raw
 *       scores, which is what scikit-learn's {@code predict} does with {@code contamination}.</li>
 * </ul>
 *
 * <p>Why not the original scale, raw ÷ (1.5 × the training scores' 99th percentile): it puts 0.65 at
 * 0.975 × p99, below the 99th percentile, so by construction more than 1 % of healthy seconds (3 %
 * in {@code docs/BENCHMARKS.md}) cross the cut-off. Why a tail fit rather than a higher empirical
 * percentile: p99.9 of 2,000 training scores rests on the top two and moves with every calibration,
 * and the faults' mildest cases sit only a few per cent above healthy scores; the fit rests on 200
 * scores. And why not a multiple of p99 (1.06 × p99 would do here): raw scores of normal rows sit
 * near 0.5, not 0, so such a factor is tuned to this forest and these features, while "exceeded once
 * in 1,000 healthy seconds" means the same for any model.
 *
 * @param featureNames       the features, in order
 * @param mean               per-feature mean of the training rows (standardization)
 * @param scale              per-feature standard deviation (population; 1 where it is 0)
 * @param forest             the Smile forest
 * @param threshold          99th percentile of the training raw scores
 * @param contaminationCut   (1 − contamination) quantile of the training raw scores
 * @param trainingRows       rows the model learned from
 * @param config             hyper-parameters it was trained with
 * @param scoreScale         the raw score that calibrates to 1; absent (0) in artefacts written
 *                           before it existed, which keep the scale they were trained with,
 *                           {@link #THRESHOLD_SPAN} × threshold
 */
public record AnomalyModel(List<String> featureNames, double[] mean, double[] scale, IsolationForest forest,
                           double threshold, double contaminationCut, int trainingRows, ForestConfig config,
                           double scoreScale)
        implements Serializable {
    /** Percentile of the training raw scores reported as {@link #threshold}. */
    public static final double THRESHOLD_PERCENTILE = 99.0;
    /** The original calibration: score = raw ÷ (this × threshold), still used by older artefacts. */
    public static final double THRESHOLD_SPAN = 1.5;
    /** Probability that a healthy row scores above the 0.65 cut-off, as the calibration aims. */
    public static final double ALARM_EXCEEDANCE = 1e-3;
    /** Share of the training scores, the highest, that the tail fit rests on. */
    public static final double TAIL_SHARE = 0.10;

    public AnomalyModel {
        featureNames = List.copyOf(featureNames);
        if (scoreScale == 0) { // Java deserialization leaves a component the stream lacks at 0
            scoreScale = originalScoreScale(threshold);
        }
        if (!(scoreScale > 0) || !Double.isFinite(scoreScale)) {
            throw new IllegalArgumentException("score scale must be positive, got " + scoreScale);
        }
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
                percentile(raw, 100.0 * (1 - config.contamination())), rows.length, config,
                estimateAlarmRaw(raw) / TwinMonitor.HEALTHY_THRESHOLD);
    }

    /**
     * The raw score a healthy row exceeds with probability {@link #ALARM_EXCEEDANCE}: the tail fit of
     * the training scores, or, with too few rows for one (under 200), their empirical quantile (for
     * few rows, about their maximum).
     */
    public static double estimateAlarmRaw(double[] trainingRaw) {
        return ParetoTail.fit(trainingRaw, TAIL_SHARE).map(t -> t.quantile(ALARM_EXCEEDANCE))
                .orElseGet(() -> percentile(trainingRaw, 100 * (1 - ALARM_EXCEEDANCE)));
    }

    /** The original calibration's scale, {@link #THRESHOLD_SPAN} × the training scores' 99th percentile. */
    public static double originalScoreScale(double threshold) {
        return THRESHOLD_SPAN * threshold;
    }

    /** The same forest with another score scale (e.g. the original one, for comparison). */
    public AnomalyModel withScoreScale(double newScale) {
        return new AnomalyModel(featureNames, mean, scale, forest, threshold, contaminationCut, trainingRows, config,
                newScale);
    }

    /** The raw score that calibrates to the monitor's 0.65 cut-off. */
    public double alarmRaw() {
        return scoreScale * TwinMonitor.HEALTHY_THRESHOLD;
    }

    /** Smile's raw anomaly score of the (unstandardized) features. */
    public double raw(double[] features) {
        return forest.score(standardize(features, mean, scale));
    }

    /** The calibrated score in [0, 1]. */
    public double score(double[] features) {
        return calibrate(raw(features));
    }

    /** clip(raw ÷ scoreScale, 0, 1). */
    public double calibrate(double raw) {
        return Math.max(0, Math.min(1, raw / scoreScale));
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
