package io.wattline.lifecycle;

/**
 * The drift of a model between its first evaluation and the current one ({@code spec/enms.md}, "Model performance and
 * drift"): score = 0.6 × |ΔR²| + 0.4 × |ΔRMSE| ÷ RMSE of the first; drift at a score above {@value #THRESHOLD};
 * {@code concept_drift} when R² fell by more than {@value #CONCEPT_DROP}, else {@code performance_degradation}. A model
 * that fits the window better on both counts (R² not lower, RMSE not higher) has not drifted in any sense a user acts
 * on: its score is reported, but no drift (the absolute differences of the spec's score cannot tell better from worse).
 */
public record Drift(double score, boolean detected, String type, String recommendation) {
    public static final double THRESHOLD = 0.25, CONCEPT_DROP = 0.15;

    public static Drift between(double firstR2, double firstRmse, double currentR2, double currentRmse) {
        double dR2 = currentR2 - firstR2;
        double score = 0.6 * Math.abs(dR2) + 0.4 * Math.abs(currentRmse - firstRmse) / Math.max(firstRmse, 1e-9);
        boolean improved = dR2 >= 0 && currentRmse <= firstRmse;
        boolean detected = score > THRESHOLD && !improved;
        String type = !detected ? "no_drift" : -dR2 > CONCEPT_DROP ? "concept_drift" : "performance_degradation";
        String recommendation = switch (type) {
            case "no_drift" -> improved && score > THRESHOLD ? "Model performance improved on this window: no retraining needed"
                    : "Model performance is stable";
            case "concept_drift" -> "The relationship the model learned has changed: retrain it on recent data";
            default -> "Model accuracy has degraded: retrain it on recent data";
        };
        return new Drift(score, detected, type, recommendation);
    }
}
