package io.wattline.forecasting;

import java.time.Instant;

/**
 * What the registry keeps beside a forecast model's artefact: its structure, the history it saw and its
 * held-out accuracy (MAPE %, RMSE kW, share of held-out hours inside the 95 % interval, R²; R² is null in
 * metadata written before it was recorded), the highest hourly mean power of its history ({@code peakKw}, null
 * in metadata written before it was recorded), the lowest ({@code lowestKw}: no hour is forecast below it,
 * {@link io.wattline.analytics.forecast.Forecast#floorOf}; null in metadata written before the night of 2026-12-06), and the
 * settings it was trained with ({@code settings}, what a retraining repeats; null in metadata written before they were
 * kept).
 */
record ForecastMetadata(String modelType, String structure, int trainingSamples, int heldOutHours, double mape,
                        double rmse, double intervalCoverage, Instant dataStart, Instant dataEnd, Double rSquared,
                        Double peakKw, Double lowestKw, TrainingSettings settings) {}
