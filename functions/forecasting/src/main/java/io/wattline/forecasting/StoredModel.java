package io.wattline.forecasting;

import io.wattline.analytics.forecast.Arima;
import io.wattline.analytics.forecast.Decomposition;

import java.time.Instant;

/**
 * A forecast model's artefact (JSON in the artefact store): exactly one of the two models, and the start of the
 * hour after its last training point (where an ARIMA's state ends).
 */
record StoredModel(String modelType, Arima.Model arima, Decomposition.Model prophet, Instant dataEnd) {}
