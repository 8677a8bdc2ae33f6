package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * How a calibration trains the two models.
 *
 * @param legacy      the 1 Hz model's forest (spec: 100 trees, contamination 0.05)
 * @param batch       the 100 Hz model's forest (spec: 150 trees, contamination 0.05, fixed seed)
 * @param batchStride step between the 100-sample training windows cut from the calibration
 *                    samples: 100 gives the original's 10 windows, 1 gives 901 overlapping ones;
 *                    used when {@code batchResampled} is 0
 * @param batchResampled number of training windows resampled (with replacement) from the
 *                    calibration samples instead, see {@link BatchFeatures#resampledRows}
 * @param legacyResampled number of 60-reading training windows resampled for the legacy model,
 *                    see {@link LegacyFeatures#resampledRows}; 0 for the 941 trailing windows
 */
public record TwinModelConfig(ForestConfig legacy, ForestConfig batch, int batchStride, int batchResampled,
                              int legacyResampled) implements Serializable {
    /** The seed of the batch model's trees, as the spec fixes one. */
    public static final long BATCH_SEED = 42;
    public static final long LEGACY_SEED = 42;

    public static TwinModelConfig defaults() {
        return new TwinModelConfig(
                new ForestConfig(100, 256, 0, 0, 0.05, LEGACY_SEED),
                new ForestConfig(150, 256, 0, 0, 0.05, BATCH_SEED),
                1, 2000, 2000);
    }

    public TwinModelConfig withBatch(ForestConfig b) {
        return new TwinModelConfig(legacy, b, batchStride, batchResampled, legacyResampled);
    }

    public TwinModelConfig withBatchStride(int stride) {
        return new TwinModelConfig(legacy, batch, stride, 0, legacyResampled);
    }

    public TwinModelConfig withBatchResampled(int windows) {
        return new TwinModelConfig(legacy, batch, batchStride, windows, legacyResampled);
    }

    public TwinModelConfig withLegacyResampled(int windows) {
        return new TwinModelConfig(legacy, batch, batchStride, batchResampled, windows);
    }
}
