package io.wattline.analytics.twin;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Fault severity; the spec's ranges per severity live in {@link MotorSimulator}. */
public enum Severity {
    MILD, MEDIUM, SEVERE;

    /** Case-sensitive, like the seed's enum query parameter; empty when unknown. */
    public static Optional<Severity> parse(String s) {
        return Arrays.stream(values()).filter(v -> v.name().equals(s)).findFirst();
    }

    /** "'MILD', 'MEDIUM' or 'SEVERE'", for validation messages. */
    public static String expected() {
        return orList(Arrays.stream(values()).map(Enum::name).toList());
    }

    static String orList(List<String> names) {
        List<String> quoted = names.stream().map(n -> "'" + n + "'").toList();
        return quoted.subList(0, quoted.size() - 1).stream().collect(Collectors.joining(", "))
                + " or " + quoted.getLast();
    }
}
