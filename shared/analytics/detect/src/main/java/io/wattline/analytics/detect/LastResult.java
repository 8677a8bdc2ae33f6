package io.wattline.analytics.detect;

/**
 * Azure's last-detection response: the verdict on the newest point from the points before it.
 * {@code suggestedWindow} is 4·period + 1, or the granularity's default window + 1 without a period.
 * {@code zScore} (not on Azure's wire) is the point's deviation in robust σ of the one-step errors.
 */
public record LastResult(int period, int suggestedWindow, double expectedValue, double upperMargin,
                         double lowerMargin, boolean isAnomaly, boolean isNegativeAnomaly,
                         boolean isPositiveAnomaly, double severity, double zScore) {
}
