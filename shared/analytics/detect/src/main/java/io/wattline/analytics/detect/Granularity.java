package io.wattline.analytics.detect;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** Azure's time granularities. A series on a granularity is a grid: first timestamp + k·interval. */
public enum Granularity {
    YEARLY("yearly", 12),
    MONTHLY("monthly", 12),
    WEEKLY("weekly", 12),
    DAILY("daily", 28),
    HOURLY("hourly", 168),
    MINUTELY("minutely", 1440),
    SECONDLY("secondly", 1440),
    /** Named so by Azure, whose engine steps it in milliseconds (0.001 s): kept for compatibility. */
    MICROSECOND("microsecond", 1000),
    NONE("none", 1440);

    private final String wire;
    private final int defaultWindow;

    Granularity(String wire, int defaultWindow) {
        this.wire = wire;
        this.defaultWindow = defaultWindow;
    }

    /** The wire name ({@code "minutely"}). */
    public String wire() {
        return wire;
    }

    /**
     * The history {@code last/detect} wants when no period is known (the suggested window is this + 1):
     * daily 28, hourly 168, minutely, secondly and none 1440, microsecond 1000, weekly/monthly/yearly 12 (Azure's
     * engine's {@code default_gran_window}).
     */
    public int defaultWindow() {
        return defaultWindow;
    }

    public static Optional<Granularity> fromWire(String s) {
        if (s == null) return Optional.empty();
        for (Granularity g : values()) if (g.wire.equals(s)) return Optional.of(g);
        // Azure's SDKs send the enum names in other casings now and then ("Minutely")
        for (Granularity g : values()) if (g.wire.equals(s.toLowerCase(Locale.ROOT))) return Optional.of(g);
        return Optional.empty();
    }

    /** Calendar granularities (month, year) step in calendar units, the others in fixed durations. */
    public boolean calendar() {
        return this == YEARLY || this == MONTHLY;
    }

    /** The fixed step of {@code interval} units; only for non-calendar granularities other than none. */
    public Duration step(int interval) {
        return switch (this) {
            case WEEKLY -> Duration.ofDays(7L * interval);
            case DAILY -> Duration.ofDays(interval);
            case HOURLY -> Duration.ofHours(interval);
            case MINUTELY -> Duration.ofMinutes(interval);
            case SECONDLY -> Duration.ofSeconds(interval);
            case MICROSECOND -> Duration.ofMillis(interval);
            default -> throw new IllegalStateException(this + " has no fixed step");
        };
    }

    /** The fixed step of one unit in nanoseconds ({@code step(1).toNanos()}). */
    private long unitNanos() {
        return switch (this) {
            case WEEKLY -> 7 * 86_400_000_000_000L;
            case DAILY -> 86_400_000_000_000L;
            case HOURLY -> 3_600_000_000_000L;
            case MINUTELY -> 60_000_000_000L;
            case SECONDLY -> 1_000_000_000L;
            case MICROSECOND -> 1_000_000L;
            default -> throw new IllegalStateException(this + " has no fixed step");
        };
    }

    /**
     * The usual length of {@code interval} units: the fixed step, or for months and years their mean length; empty
     * for none (points without a grid).
     */
    public java.util.Optional<Duration> typicalStep(int interval) {
        return switch (this) {
            case NONE -> java.util.Optional.empty();
            case MONTHLY -> java.util.Optional.of(Duration.ofSeconds(2_629_746L * interval)); // 365.2425 / 12 days
            case YEARLY -> java.util.Optional.of(Duration.ofSeconds(31_556_952L * interval));
            default -> java.util.Optional.of(step(interval));
        };
    }

    /** A granularity with its interval: the grid a series steps on (minutely and 5 for a 5-minute series). */
    public record Grid(Granularity granularity, int interval) {}

    /** The fixed units a step is counted in, the longest first. */
    private static final Granularity[] FIXED = {WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY, MICROSECOND};

    /**
     * The grid that steps by {@code step}: a calendar month for 29 to 31 whole days and a year for 365 or 366 (the steps
     * between consecutive months and years), else the longest fixed unit that {@code step} is a whole number of (a week,
     * a day, an hour, a minute, a second, a millisecond), that many of it; empty for a step of none of those (not a whole
     * number of milliseconds, or over {@link Integer#MAX_VALUE} of them).
     */
    public static Optional<Grid> ofStep(Duration step) {
        if (step == null || step.isZero() || step.isNegative()) return Optional.empty();
        Duration day = Duration.ofDays(1);
        if (step.toNanos() % day.toNanos() == 0) {
            long days = step.toDays();
            if (days >= 29 && days <= 31) return Optional.of(new Grid(MONTHLY, 1));
            if (days == 365 || days == 366) return Optional.of(new Grid(YEARLY, 1));
        }
        for (Granularity g : FIXED) {
            Duration unit = g.step(1);
            if (step.toNanos() % unit.toNanos() != 0) continue;
            long count = step.toNanos() / unit.toNanos();
            return count <= Integer.MAX_VALUE ? Optional.of(new Grid(g, (int) count)) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The median step between consecutive timestamps of an ascending series (the lower of the two middle ones for an
     * even count): the step of its grid when a few points are missing or stamped late; empty when a point has no
     * timestamp or there are fewer than two.
     */
    public static Optional<Duration> medianStep(java.util.List<TimePoint> series) {
        int n = series.size();
        if (n < 2) return Optional.empty();
        long[] steps = new long[n - 1];
        for (int i = 1; i < n; i++) {
            Instant a = series.get(i - 1).timestamp(), b = series.get(i).timestamp();
            if (a == null || b == null) return Optional.empty();
            try {
                steps[i - 1] = Duration.between(a, b).toNanos();
            } catch (ArithmeticException tooLong) {
                steps[i - 1] = Long.MAX_VALUE; // over 292 years: no grid a cycle is counted on
            }
        }
        java.util.Arrays.sort(steps);
        long median = steps[(steps.length - 1) / 2];
        return median > 0 && median < Long.MAX_VALUE ? Optional.of(Duration.ofNanos(median)) : Optional.empty();
    }

    /**
     * The grid position of {@code t} relative to {@code origin}, or -1 when {@code t} is not on the
     * grid (or before the origin). Positions beyond {@code limit} are reported as {@code limit + 1}.
     */
    public long gridIndex(Instant origin, Instant t, int interval, long limit) {
        if (this == NONE) throw new IllegalStateException("none has no grid");
        if (t.isBefore(origin)) return -1;
        if (calendar()) {
            // calendar months, as Azure's engine counted them (by dates alone: the time of day is not compared): the
            // origin's day of the month (clamped to a shorter month: Jan 30 -> Feb 28), or a month's last day after a
            // month's last day
            ZonedDateTime o = origin.atZone(ZoneOffset.UTC), z = t.atZone(ZoneOffset.UTC);
            long months = (z.getYear() * 12L + z.getMonthValue()) - (o.getYear() * 12L + o.getMonthValue());
            long unit = this == YEARLY ? 12L * interval : interval;
            if (months < 0 || months % unit != 0) return -1;
            int length = z.toLocalDate().lengthOfMonth();
            boolean sameDay = z.getDayOfMonth() == Math.min(o.getDayOfMonth(), length);
            boolean monthEnds = o.getDayOfMonth() == o.toLocalDate().lengthOfMonth() && z.getDayOfMonth() == length;
            if (!sameDay && !monthEnds) return -1;
            return Math.min(months / unit, limit + 1);
        }
        long stepNs, offNs;
        try {
            // nanosecond arithmetic while both fit (292 years), without a Duration per point
            stepNs = Math.multiplyExact(interval, unitNanos());
            offNs = Math.addExact(Math.multiplyExact(t.getEpochSecond() - origin.getEpochSecond(), 1_000_000_000L),
                    t.getNano() - origin.getNano());
        } catch (ArithmeticException tooLong) {
            // a step or span beyond that (a huge customInterval): exact Duration arithmetic
            Duration step = step(interval), offset = Duration.between(origin, t);
            long k = offset.dividedBy(step);
            if (!step.multipliedBy(k).equals(offset)) return -1;
            return Math.min(k, limit + 1);
        }
        if (offNs % stepNs != 0) return -1;
        return Math.min(offNs / stepNs, limit + 1);
    }

    /** The timestamp {@code k} steps after {@code origin}. */
    public Instant advance(Instant origin, long k, int interval) {
        if (calendar()) {
            long months = k * (this == YEARLY ? 12L * interval : interval);
            return origin.atZone(ZoneOffset.UTC).plusMonths(months).toInstant();
        }
        return origin.plus(step(interval).multipliedBy(k));
    }
}
