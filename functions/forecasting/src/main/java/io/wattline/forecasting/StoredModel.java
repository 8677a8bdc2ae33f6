package io.wattline.forecasting;

import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.Decomposition;
import io.wattline.analytics.forecast.OutOfSample;

import java.time.Instant;

/**
 * A forecast model's artefact (JSON in the artefact store): exactly one of the two models, the start of the hour
 * after its last training point (where an ARIMA's state ends), and for a prophet model what its intervals learnt out
 * of sample ({@link OutOfSample}): the RMSE of its held-out tail (forecast with temperatures guessed from the week
 * before where it uses the weather; artefacts written before 2026-12-05 call it {@code guessed_weather_rmse} and have it
 * on weather models only), how guessing the temperature from the week before erred over the factory's record
 * ({@code guessErrorsByLead}, by lead, {@link io.wattline.analytics.forecast.TemperatureGuess#pastErrorsByLead}; artefacts
 * written from 2026-12-05 until it was kept by lead have {@code guessErrors}, pooled over the training weeks, and older
 * ones none), and for a clock-only model of a factory with weather the weather's response ({@code weatherResponse}).
 * An ARIMA is fitted on the factory's wall-clock hours ({@link io.wattline.analytics.forecast.WallClock}); {@code
 * wallClockNext} is the local date-time of the step after its last (null in artefacts written before 2026-12-06, whose
 * ARIMA counted UTC hours).
 */
record StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd,
                   @com.fasterxml.jackson.annotation.JsonAlias("guessed_weather_rmse") Double heldOutRmse,
                   double[] guessErrors, double[][] guessErrorsByLead, double[] weatherResponse, String wallClockNext) {
    StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd) {
        this(modelType, arima, prophet, dataEnd, null, null, null, null, null);
    }

    StoredModel onWallClock(java.time.LocalDateTime next) {
        return new StoredModel(modelType, arima, prophet, dataEnd, heldOutRmse, guessErrors, guessErrorsByLead,
                weatherResponse, next.toString());
    }

    /** What a prophet model's intervals learnt out of sample. */
    OutOfSample outOfSample() {
        return new OutOfSample(heldOutRmse, guessErrorsByLead, guessErrors, weatherResponse);
    }
}
