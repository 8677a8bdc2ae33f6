package io.wattline.analytics.twin;

import java.io.Serializable;

/**
 * Isolation Forest hyper-parameters.
 *
 * @param trees          number of trees
 * @param subsample      rows per tree (ψ), drawn without replacement; capped at the row count
 * @param maxDepth       depth limit; 0 for ⌈log2 ψ⌉
 * @param extensionLevel 0 for the classic axis-parallel forest, up to d − 1 for Extended IF
 * @param contamination  share of training rows the {@code outlier} label marks (its quantile)
 * @param seed           fixes the trees: the same rows and seed give the same model
 */
public record ForestConfig(int trees, int subsample, int maxDepth, int extensionLevel, double contamination,
                           long seed) implements Serializable {
    public ForestConfig {
        if (trees < 1 || subsample < 2 || maxDepth < 0 || extensionLevel < 0 || !(contamination > 0 && contamination < 0.5)) {
            throw new IllegalArgumentException("invalid forest configuration");
        }
    }

    public ForestConfig withSeed(long newSeed) {
        return new ForestConfig(trees, subsample, maxDepth, extensionLevel, contamination, newSeed);
    }

    public ForestConfig withExtensionLevel(int level) {
        return new ForestConfig(trees, subsample, maxDepth, level, contamination, seed);
    }

    public ForestConfig withSubsample(int psi) {
        return new ForestConfig(trees, psi, maxDepth, extensionLevel, contamination, seed);
    }
}
