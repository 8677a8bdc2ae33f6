package io.wattline.forecasting;

import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.Decomposition;

import java.time.Instant;

/**
 * A forecast model's artefact (JSON in the artefact store): exactly one of the two models, the start of the hour
 * after its last training point (where an ARIMA's state ends), and for a prophet model on the weather the held-out
 * RMSE it had with temperatures guessed from the week before (the interval of hours whose temperature is guessed).
 */
record StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd, Double guessedWeatherRmse) {
    StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd) {
        this(modelType, arima, prophet, dataEnd, null);
    }
}
