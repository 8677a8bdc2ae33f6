package io.wattline.forecasting;

import io.wattline.analytics.forecast.Decomposition;

import java.util.Locale;

/**
 * What a training was asked for, kept with the version so that a retraining ({@code POST
 * /model-performance/retrain/trigger}) trains the same model on newer hours: an ARIMA's request as the route took it
 * ({@code arima}: p, d, q and the seasonal part, a period only where the request named one, so that the API's choice of
 * the week or the day is made again), or a prophet's {@code seasonalityMode} and {@code regressors}; and the hours of
 * history it read ({@code historyHours}: from {@code start_date} to {@code end_date} or the hour of training, if earlier).
 */
record TrainingSettings(ForecastService.ArimaRequest arima, String seasonalityMode, String regressors, long historyHours) {

    static TrainingSettings arima(ForecastService.ArimaRequest ask, long historyHours) {
        return new TrainingSettings(ask, null, null, historyHours);
    }

    static TrainingSettings prophet(Decomposition.Mode mode, ForecastService.Regressors regressors, long historyHours) {
        return new TrainingSettings(null, mode.name().toLowerCase(Locale.ROOT), regressors.label(), historyHours);
    }

    /**
     * The API's defaults, for a model type without an active version: ARIMA (1,1,1) with the seasonal part the history
     * allows, prophet additive with {@code regressors: auto}, on the last {@value ForecastService#RETRAIN_DAYS} days.
     */
    static TrainingSettings defaults(String modelType) {
        long hours = ForecastService.RETRAIN_DAYS * 24L;
        return ForecastService.ARIMA.equals(modelType)
                ? arima(new ForecastService.ArimaRequest(1, 1, 1, null, 0, null, 1), hours)
                : prophet(Decomposition.Mode.ADDITIVE, ForecastService.Regressors.AUTO, hours);
    }
}
