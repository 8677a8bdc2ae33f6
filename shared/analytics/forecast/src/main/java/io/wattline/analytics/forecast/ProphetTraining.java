package io.wattline.analytics.forecast;

import java.time.ZoneId;

/**
 * What {@code train/prophet} fits and learns, pure: the decomposable model with or without the outdoor temperature
 * (always with it when asked to, else as {@link WeatherChoice} prefers), its accuracy on the held-out tail, and what
 * its intervals learn out of sample ({@link OutOfSample}): the tail's error (the fit's residuals understate it) and,
 * where the weather was weighed, how guessing it has erred by lead; a clock-only model keeps the weather's response so
 * that its intervals carry the weather it cannot foresee. The API and the forecast benchmark both train this way.
 *
 * @param weather whether the model uses the outdoor temperature
 * @param tail    the chosen model's accuracy on the held-out tail
 */
public record ProphetTraining(Decomposition.Model model, boolean weather, Accuracy tail, OutOfSample learnt) {

    /**
     * @param outdoorC      the temperature at each training hour, gaps filled; null: none (a clock-only model)
     * @param record        the factory's hourly temperature record up to the end of training, the guess's errors are
     *                      learnt from ({@link TemperatureGuess#pastErrorsByLead}); used only with {@code outdoorC}
     * @param alwaysWeather keep the temperature without weighing it ({@code regressors: weather})
     * @param heldOut       the hours of the held-out tail
     */
    public static ProphetTraining fit(long[] t, double[] y, double[] outdoorC, TemperatureGuess.Hourly record, ZoneId zone,
                                      Decomposition.Mode mode, boolean alwaysWeather, int heldOut) {
        boolean weather;
        Accuracy tail;
        if (outdoorC == null) {
            weather = false;
            tail = WeatherChoice.tail(t, y, null, zone, mode, heldOut);
        } else if (alwaysWeather) {
            weather = true;
            tail = WeatherChoice.tail(t, y, outdoorC, zone, mode, heldOut);
        } else {
            WeatherChoice choice = WeatherChoice.of(t, y, outdoorC, zone, mode, heldOut, Decomposition.minimumHistory(24));
            weather = choice.weather();
            tail = choice.chosenTail();
        }
        Decomposition.Model model = Decomposition.fit(t, y, weather ? outdoorC : null, zone, mode);
        double[][] byLead = outdoorC == null ? null : TemperatureGuess.pastErrorsByLead(record.t(), record.c());
        double[] response = outdoorC != null && !weather ? Decomposition.fit(t, y, outdoorC, zone, mode).weather() : null;
        Double rmse = Double.isFinite(tail.rmse()) ? tail.rmse() : null;
        return new ProphetTraining(model, weather, tail, new OutOfSample(rmse, byLead, null, response));
    }
}
