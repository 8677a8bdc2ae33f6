package io.wattline.lifecycle;

/**
 * The drift of a model between its first evaluation and the current one ({@code spec/enms.md}, "Model performance and
 * drift"): score = 0.6 × |ΔR²| + 0.4 × |ΔRMSE| ÷ RMSE of the first; drift at a score above {@value #THRESHOLD}, whichever
 * way the figures moved, as the threshold is on the absolute change. A model that fits its data much better than when
 * it was evaluated first has drifted too: the machine no longer behaves as in the data it learned from (a process
 * changed, a load was removed), and a baseline that stands for another operation misstates savings and deviations.
 * {@code concept_drift} when R² changed by more than {@value #CONCEPT_DROP}, or when the change is for the better (the
 * relationship the model learned is no longer the machine's, though nothing degraded); else
 * {@code performance_degradation}.
 */
public record Drift(double score, boolean detected, String type, String recommendation) {
    public static final double THRESHOLD = 0.25, CONCEPT_DROP = 0.15;

    public static Drift between(double firstR2, double firstRmse, double currentR2, double currentRmse) {
        double dR2 = currentR2 - firstR2;
        double score = 0.6 * Math.abs(dR2) + 0.4 * Math.abs(currentRmse - firstRmse) / Math.max(firstRmse, 1e-9);
        boolean detected = score > THRESHOLD;
        boolean improved = dR2 >= 0 && currentRmse <= firstRmse;
        String type = !detected ? "no_drift"
                : Math.abs(dR2) > CONCEPT_DROP || improved ? "concept_drift" : "performance_degradation";
        String recommendation = !detected ? "Model performance is stable"
                : improved ? "Model performance changed beyond the threshold, for the better: the machine no longer behaves "
                        + "as in the data the model learned from; retrain it on recent data so the model reflects how it runs now"
                : type.equals("concept_drift") ? "The relationship the model learned has changed: retrain it on recent data"
                : "Model accuracy has degraded: retrain it on recent data";
        return new Drift(score, detected, type, recommendation);
    }
}
