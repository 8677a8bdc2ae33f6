package io.wattline.forecasting;

import java.time.Instant;

/**
 * What the registry keeps beside a forecast model's artefact: its structure, the history it saw and its
 * held-out accuracy (MAPE %, RMSE kW, share of held-out hours inside the 95 % interval, R²; R² is null in
 * metadata written before it was recorded), and the highest hourly mean power of its history ({@code peakKw}, null
 * in metadata written before it was recorded).
 */
record ForecastMetadata(String modelType, String structure, int trainingSamples, int heldOutHours, double mape,
                        double rmse, double intervalCoverage, Instant dataStart, Instant dataEnd, Double rSquared,
                        Double peakKw) {}
