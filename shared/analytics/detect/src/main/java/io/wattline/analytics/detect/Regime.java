package io.wattline.analytics.detect;

/** Per-point operating regime of the native {@code /v1/detect}, relative to a machine's baseline. */
public enum Regime {
    /** Within the baseline's normal. */
    HEALTHY,
    /** Elevated (level above the baseline's 95th percentile, or error above 2 baseline σ) but not a shock. */
    ACTIVE,
    /** The level is moving between operating levels faster than it ever did in the baseline. */
    TRANSITION,
    /** A sudden extreme deviation: prediction error at least 6 baseline σ above the baseline's mean error. */
    SHOCK,
    /** No baseline to compare with. */
    UNKNOWN
}
