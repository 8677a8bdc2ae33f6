package io.wattline.analytics.forecast;

/**
 * What training learns about a decomposable model's errors on hours it has not seen, kept with the model for its
 * intervals ({@link Decomposition.Model#forecast(long[], double[], boolean[], long, OutOfSample, double)}): a fit's own
 * residuals understate them.
 *
 * @param heldOutRmse       the RMSE of the held-out tail, forecast as the API forecasts (temperatures guessed from the
 *                          week before): the least spread of every hour of a clock-only model and of the guessed hours of
 *                          a weather model; null when unknown
 * @param guessErrorsByLead how guessing the temperature from the week before erred, by lead
 *                          ({@link TemperatureGuess#pastErrorsByLead}); null when unknown
 * @param guessErrors       the same pooled over the first week's leads, as models trained from 2026-12-05 until the errors
 *                          were kept by lead have them ({@link TemperatureGuess#ERROR_QUANTILES} quantiles); used only
 *                          without {@code guessErrorsByLead}
 * @param weatherResponse   for a clock-only model of a load that the weather moves: the weather term's coefficients of
 *                          the model fitted with the temperature on the same history ({@link Decomposition.Model#weather}).
 *                          Its forecast assumes the weather of its training weeks, no better informed than a guess from
 *                          the week before (which is why {@code regressors: auto} left the temperature out), so its
 *                          intervals carry the guess's errors through this response; null for none
 */
public record OutOfSample(Double heldOutRmse, double[][] guessErrorsByLead, double[] guessErrors, double[] weatherResponse) {
    /** Nothing learnt: a model's intervals are its fit's own. */
    public static final OutOfSample NONE = new OutOfSample(null, null, null, null);

    /** The guess's errors at a lead: by lead where known, else the pooled ones, else none. */
    double[] guessErrorsAt(int lead) {
        if (guessErrorsByLead != null) return TemperatureGuess.errorsAt(guessErrorsByLead, lead);
        return guessErrors == null ? new double[0] : guessErrors;
    }
}
