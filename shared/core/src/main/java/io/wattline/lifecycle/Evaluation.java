package io.wattline.lifecycle;

import java.time.Instant;

/**
 * One measurement of a model's quality: at its training (held-out figures), at a drift check or a scheduled
 * evaluation (the daily one of each active baseline). Baselines report R², RMSE and MAE of energy per bucket; forecasts R², RMSE (kW) and MAPE (%) of a
 * one-shot forecast of held-out hours. {@code driftScore} is null where no drift was computed.
 */
public record Evaluation(Instant evaluationDate, int modelVersion, Double rSquared, Double rmse, Double mae, Double mape,
                         boolean driftDetected, Double driftScore, String source) {
    public static final String TRAINING = "training", DRIFT_CHECK = "drift_check", SCHEDULED = "scheduled";
}
