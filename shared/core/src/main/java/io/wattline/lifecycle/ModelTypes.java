package io.wattline.lifecycle;

import java.util.List;

/**
 * The model types of seed 001's model-performance API and the function that trains each: {@code baseline} and
 * {@code anomaly} (the anomaly detector, whose model is the machine's active baseline: retraining it retrains the
 * baseline, and its quality is the baseline's accuracy, since spikes and drops are deviations beyond 3 x its RMSE)
 * in the anomaly function; the two forecast models in the forecasting function.
 */
public final class ModelTypes {
    public static final String BASELINE = "baseline", ANOMALY = "anomaly", FORECAST_ARIMA = "forecast_arima",
            FORECAST_PROPHET = "forecast_prophet";
    public static final List<String> ALL = List.of(BASELINE, ANOMALY, FORECAST_ARIMA, FORECAST_PROPHET);
    public static final List<String> TRIGGERS = List.of("manual", "scheduled", "drift");

    private ModelTypes() {}

    /** The function that trains models of the type. */
    public static String function(String modelType) {
        return isForecast(modelType) ? "forecasting" : "anomaly";
    }

    public static boolean isForecast(String modelType) {
        return modelType.startsWith("forecast_");
    }
}
