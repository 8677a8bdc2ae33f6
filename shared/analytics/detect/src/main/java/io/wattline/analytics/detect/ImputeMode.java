package io.wattline.analytics.detect;

import java.util.Optional;

/**
 * How missing grid points are filled before detection (Azure v1.1 {@code imputeMode}); used only when
 * the granularity is not none. Results always come back for the input points, not the filled ones.
 */
public enum ImputeMode {
    /**
     * Linear interpolation between the neighbours (the same as {@link #LINEAR}); Azure's operations fill nothing in a
     * series without a period, as Azure's engine did ({@link AnomalyDetector#entire}, {@link AnomalyDetector#last}).
     */
    AUTO("auto"),
    /** The last known value carried forward. */
    PREVIOUS("previous"),
    /**
     * Linear interpolation between the neighbours; with a period, a long gap beside a spike between the nearest points
     * that are not spikes ({@link Imputer#linearGaps}).
     */
    LINEAR("linear"),
    /** The request's {@code imputeFixedValue}. */
    FIXED("fixed"),
    /** Zero. */
    ZERO("zero"),
    /** No filling: the points are taken as they come, as if consecutive. */
    NOT_FILL("notFill");

    private final String wire;

    ImputeMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /**
     * The mode named {@code s} in any casing ({@code "Linear"}, {@code "NOTFILL"}), as {@link Granularity#fromWire}
     * reads granularities: Azure's SDKs send enum names in other casings now and then, and Azure's REST enums were
     * read without regard to case. Empty for anything else.
     */
    public static Optional<ImputeMode> fromWire(String s) {
        if (s == null) return Optional.empty();
        for (ImputeMode m : values()) if (m.wire.equalsIgnoreCase(s)) return Optional.of(m);
        return Optional.empty();
    }
}
