package io.wattline.analytics.twin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an injected fault does to the signals (see {@link MotorSimulator}). */
public enum FaultType {
    /** Offsets of the severity, ×1.2 (vibration multiplier ×1.3). */
    SPIKE,
    /** The lower half of each offset range. */
    DRIFT,
    /** Healthy means, extra uniform noise: what a 1 Hz mean-based model misses. */
    JITTER,
    /** The severity's offset ranges as they are. */
    DEFAULT;

    /** Case-sensitive, like the seed's enum query parameter; empty when unknown. */
    public static Optional<FaultType> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.name().equals(s)).findFirst();
    }

    /** "'SPIKE', 'DRIFT', 'JITTER' or 'DEFAULT'", for validation messages. */
    public static String expected() {
        return Severity.orList(Arrays.stream(values()).map(Enum::name).toList());
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
