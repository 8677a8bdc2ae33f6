package io.wattline.forecasting;

import java.time.Instant;

/**
 * What the registry keeps beside a forecast model's artefact: its structure, the history it saw and its
 * held-out accuracy (MAPE %, RMSE kW, share of held-out hours inside the 95 % interval, R²; R² is null in
 * metadata written before it was recorded), the highest hourly mean power of its history ({@code peakKw}, null
 * in metadata written before it was recorded), the lowest ({@code lowestKw}: no hour is forecast below it,
 * {@link io.wattline.analytics.forecast.Forecast#floorOf}; null in metadata written before the night of 2026-12-06), and the
 * settings it was trained with ({@code settings}, what a retraining repeats; null in metadata written before they were
 * kept), and the held-out WAPE with the hours MAPE counted ({@code wape}, {@code mapeHours}: null in metadata written
 * before 2026-12-07; {@link io.wattline.analytics.forecast.Accuracy}).
 */
record ForecastMetadata(String modelType, String structure, int trainingSamples, int heldOutHours, double mape,
                        double rmse, double intervalCoverage, Instant dataStart, Instant dataEnd, Double rSquared,
                        Double peakKw, Double lowestKw, TrainingSettings settings, Double wape, Integer mapeHours) {

    static ForecastMetadata of(String modelType, String structure, int trainingSamples, int heldOutHours,
                               io.wattline.analytics.forecast.Accuracy a, Instant dataStart, Instant dataEnd,
                               Double peakKw, Double lowestKw, TrainingSettings settings) {
        return new ForecastMetadata(modelType, structure, trainingSamples, heldOutHours, a.mape(), a.rmse(), a.coverage(),
                dataStart, dataEnd, Double.isFinite(a.rSquared()) ? a.rSquared() : null, peakKw, lowestKw, settings,
                Double.isFinite(a.wape()) ? a.wape() : null, a.mapePoints());
    }

    /** How much of the longer held-out tail two models' tails must share for their errors to be compared. */
    static final double SAME_HOURS = 0.8;

    /**
     * Whether two models' held-out errors measure the same thing: tails (the last {@code heldOutHours} of each history)
     * that share at least {@value #SAME_HOURS} of the longer one. An ARIMA trained on six holiday days, tested on 28
     * idle hours (MAPE 1.9 %), beat a prophet tested on the last busy week (44 %) and forecast the machine idle.
     */
    static boolean comparable(ForecastMetadata a, ForecastMetadata b) {
        if (a.dataEnd() == null || b.dataEnd() == null) return true; // nothing to tell them apart by: as before
        long aEnd = a.dataEnd().getEpochSecond(), bEnd = b.dataEnd().getEpochSecond();
        long aFrom = aEnd - 3600L * a.heldOutHours(), bFrom = bEnd - 3600L * b.heldOutHours();
        long shared = Math.max(0, Math.min(aEnd, bEnd) - Math.max(aFrom, bFrom));
        return shared >= SAME_HOURS * 3600L * Math.max(a.heldOutHours(), b.heldOutHours());
    }

    /**
     * Which of two models is the default ({@code predict} without {@code model_type}): the one that erred less on the
     * same held-out hours ({@link #compare}); models tested on different hours, the one trained on the more recent data.
     *
     * @return negative when the first is the default, positive when the second is
     */
    static int preferred(ForecastMetadata a, ForecastMetadata b) {
        return byRecency(a, b) ? b.dataEnd().compareTo(a.dataEnd()) : compare(a, b);
    }

    /** Whether {@link #preferred} chooses between the two by the recency of their data (not by their errors). */
    static boolean byRecency(ForecastMetadata a, ForecastMetadata b) {
        return !comparable(a, b) && !a.dataEnd().equals(b.dataEnd());
    }

    /**
     * Which of two models erred less on its held-out hours, as the default is chosen ({@link
     * io.wattline.analytics.forecast.Accuracy#compare}: MAPE where it counted nearly every hour, else WAPE; metadata from
     * before WAPE was kept compares by MAPE).
     */
    static int compare(ForecastMetadata a, ForecastMetadata b) {
        return io.wattline.analytics.forecast.Accuracy.compare(a.mape(), a.wape() == null ? Double.NaN : a.wape(),
                a.mapeHours() == null ? a.heldOutHours() : a.mapeHours(), a.heldOutHours(),
                b.mape(), b.wape() == null ? Double.NaN : b.wape(), b.mapeHours() == null ? b.heldOutHours() : b.mapeHours(),
                b.heldOutHours());
    }
}
