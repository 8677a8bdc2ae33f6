package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * What a calibration produces and a cold function reloads: the baseline profile and both models.
 *
 * @param assetId        the asset
 * @param trainingSamples healthy samples the calibration generated
 * @param profile        per-signal baseline with 3σ limits
 * @param legacy         the 1 Hz model on the six {@link LegacyFeatures}
 * @param batch          the 100 Hz model on the 16 {@link BatchFeatures} (primary)
 */
public record TwinModels(String assetId, int trainingSamples, BaselineProfile profile, AnomalyModel legacy,
                         AnomalyModel batch) implements Serializable {
    private static final long serialVersionUID = 1L;
}
