package io.wattline.analytics.detect;

/**
 * The native {@code /v1/detect} result: Azure's entire response plus, per input point, the raw
 * prediction error ({@code energies}), its z-score, the regime, and (when asked) a 192-number
 * embedding ({@link Embedder}); {@code embeddings} is null when not asked.
 */
public record NativeResult(EntireResult entire, double[] energies, double[] zScores, Regime[] regimes,
                           double[][] embeddings) {
}
