package io.wattline.analytics.detect;

/** Per-point operating regime of the native {@code /v1/detect}, relative to a machine's baseline. */
public enum Regime {
    /** Within the baseline's normal. */
    HEALTHY,
    /** Elevated (level above the baseline's 95th percentile, or error above 2 baseline σ) but not a shock. */
    ACTIVE,
    /**
     * Between operating levels: the level is moving faster than it ever did in the baseline, or it sits below the
     * baseline's normal level (a machine idling or switched off has left its baseline's operating state).
     */
    TRANSITION,
    /** A sudden extreme deviation: prediction error at least 6 baseline σ above the baseline's mean error. */
    SHOCK,
    /** No baseline to compare with. */
    UNKNOWN
}
