package io.wattline.analytics.detect;

import java.util.Optional;

/**
 * How missing grid points are filled before detection (Azure v1.1 {@code imputeMode}); used only when
 * the granularity is not none. Results always come back for the input points, not the filled ones.
 */
public enum ImputeMode {
    /** Linear interpolation between the neighbours (the same as {@link #LINEAR}). */
    AUTO("auto"),
    /** The last known value carried forward. */
    PREVIOUS("previous"),
    /** Linear interpolation between the neighbours. */
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

    public static Optional<ImputeMode> fromWire(String s) {
        for (ImputeMode m : values()) if (m.wire.equals(s)) return Optional.of(m);
        return Optional.empty();
    }
}
