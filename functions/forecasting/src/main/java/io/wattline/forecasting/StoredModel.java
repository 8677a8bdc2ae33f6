package io.wattline.forecasting;

import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.Decomposition;

import java.time.Instant;

/**
 * A forecast model's artefact (JSON in the artefact store): exactly one of the two models, the start of the hour
 * after its last training point (where an ARIMA's state ends), and for a prophet model the RMSE of its held-out tail
 * (forecast with temperatures guessed from the week before where it uses the weather): the least spread its
 * intervals are given, on every hour of a clock-only model and on the hours whose temperature is guessed of a
 * weather model. Artefacts written before 2026-12-05 call it {@code guessed_weather_rmse} and have it on weather
 * models only. A weather model also keeps how guessing the temperature erred over its training history
 * ({@link io.wattline.analytics.forecast.TemperatureGuess#pastErrors}), which widens the intervals of guessed hours
 * ({@link Decomposition.Model#guessedSpread}); artefacts written before 2026-12-05 have none.
 */
record StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd,
                   @com.fasterxml.jackson.annotation.JsonAlias("guessed_weather_rmse") Double heldOutRmse,
                   double[] guessErrors) {
    StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd) {
        this(modelType, arima, prophet, dataEnd, null, null);
    }
}
