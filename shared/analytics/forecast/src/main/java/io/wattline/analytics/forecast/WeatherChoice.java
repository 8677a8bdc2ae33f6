package io.wattline.analytics.forecast;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * Whether a decomposable model should take the outdoor temperature ({@code regressors: auto}), decided by
 * rolling-origin validation: the model is fitted with and without the temperature on the history before each origin
 * and forecasts the {@code heldOut} hours after it with the temperatures it would have had there (guessed from the
 * week before, {@link TemperatureGuess}: no weather forecast is stored for the past). The origins are the start of
 * the held-out tail and, where the history allows a fit of {@code minimumFit} points before it, one held-out length
 * earlier. The weather is kept when its squared errors summed over the folds are lower by {@value #MARGIN} of the
 * clock-only ones: one week decides badly when
 * that week's weather happens to resemble the week before (or not), two weeks less so.
 *
 * @param weather      whether to fit with the temperature
 * @param clockTail    accuracy on the held-out tail without the temperature
 * @param weatherTail  accuracy on the held-out tail with it
 * @param folds        validation origins used (1 or 2)
 */
public record WeatherChoice(boolean weather, Accuracy clockTail, Accuracy weatherTail, int folds) {
    /**
     * The share by which the weather must lower the squared error: on a load that ignores the temperature its extra
     * terms still fit some noise and win about half of the draws by a hair; the simpler model, which needs no
     * temperatures ahead, keeps those.
     */
    static final double MARGIN = 0.05;

    /** The accuracy of the chosen variant on the held-out tail. */
    public Accuracy chosenTail() {
        return weather ? weatherTail : clockTail;
    }

    /**
     * @param t          epoch seconds of the history
     * @param y          its values
     * @param outdoorC   the outdoor temperature at each instant (no NaN)
     * @param heldOut    points after each origin forecast for validation
     * @param minimumFit the fewest points a fit needs ({@link Decomposition#minimumHistory})
     */
    public static WeatherChoice of(long[] t, double[] y, double[] outdoorC, ZoneId zone, Decomposition.Mode mode,
                                   int heldOut, int minimumFit) {
        int n = y.length;
        if (heldOut < 1 || n - heldOut < Math.max(2, minimumFit)) {
            throw new IllegalArgumentException("too little history to hold out " + heldOut + " points");
        }
        double clockSse = 0, weatherSse = 0;
        Accuracy clockTail = null, weatherTail = null;
        int folds = 0;
        for (int origin = n - heldOut; origin >= minimumFit && folds < 2; origin -= heldOut, folds++) {
            Accuracy clock = ahead(t, y, null, zone, mode, origin, heldOut);
            Accuracy withWeather = ahead(t, y, outdoorC, zone, mode, origin, heldOut);
            if (folds == 0) {
                clockTail = clock;
                weatherTail = withWeather;
            }
            clockSse += clock.rmse() * clock.rmse() * clock.points();
            weatherSse += withWeather.rmse() * withWeather.rmse() * withWeather.points();
        }
        return new WeatherChoice(weatherSse < (1 - MARGIN) * clockSse, clockTail, weatherTail, folds);
    }

    /**
     * The accuracy on the last {@code heldOut} points of a fit on the points before them: with the temperature when
     * {@code outdoorC} is given, forecast with temperatures guessed from the week before ({@link TemperatureGuess}),
     * as the API forecasts without a stored weather forecast. What {@code regressors: weather} reports, without the
     * comparison {@link #of} makes.
     */
    public static Accuracy tail(long[] t, double[] y, double[] outdoorC, ZoneId zone, Decomposition.Mode mode, int heldOut) {
        return ahead(t, y, outdoorC, zone, mode, y.length - heldOut, heldOut);
    }

    /** Fits on the points before {@code origin} and scores the forecast of the {@code heldOut} after it. */
    private static Accuracy ahead(long[] t, double[] y, double[] outdoorC, ZoneId zone, Decomposition.Mode mode,
                                  int origin, int heldOut) {
        int end = Math.min(y.length, origin + heldOut);
        long[] fitT = Arrays.copyOf(t, origin), aheadT = Arrays.copyOfRange(t, origin, end);
        double[] fitY = Arrays.copyOf(y, origin), actual = Arrays.copyOfRange(y, origin, end);
        double[] fitC = outdoorC == null ? null : Arrays.copyOf(outdoorC, origin);
        Forecast f = fitC == null
                ? Decomposition.fit(fitT, fitY, zone, mode).forecast(aheadT, 0.95)
                : Decomposition.fit(fitT, fitY, fitC, zone, mode).forecast(aheadT, TemperatureGuess.of(fitT, fitC, aheadT), 0.95);
        return Accuracy.of(actual, f.atLeast(Forecast.floorOf(fitY))); // as the API forecasts
    }
}
