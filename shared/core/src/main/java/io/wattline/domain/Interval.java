package io.wattline.domain;

import java.time.Duration;
import java.util.List;

/** The seed's aggregation intervals and where each is answered from. */
public enum Interval {
    MIN1("1min", Duration.ofMinutes(1), null),
    MIN5("5min", Duration.ofMinutes(5), null),
    MIN15("15min", Duration.ofMinutes(15), Resolution.MIN15),
    HOUR1("1hour", Duration.ofHours(1), Resolution.HOUR),
    DAY1("1day", Duration.ofDays(1), Resolution.DAY);

    public static final List<String> LITERALS = List.of("1min", "5min", "15min", "1hour", "1day");

    private final String literal;
    private final Duration length;
    private final Resolution rollup;

    Interval(String literal, Duration length, Resolution rollup) {
        this.literal = literal;
        this.length = length;
        this.rollup = rollup;
    }

    public String literal() { return literal; }
    public Duration length() { return length; }

    /** The stored roll-up that answers this interval, or null when raw points are aggregated. */
    public Resolution rollup() { return rollup; }

    public static Interval of(String literal) {
        for (Interval i : values()) if (i.literal.equals(literal)) return i;
        throw new IllegalArgumentException(literal);
    }
}
