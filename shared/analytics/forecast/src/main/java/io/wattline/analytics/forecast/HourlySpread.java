package io.wattline.analytics.forecast;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * How much a load's errors differ by the hour: a factor of the overall spread for each local hour of the day, on
 * weekdays, Saturdays and Sundays apart ({@value #GROUPS} hours: many plants run a Saturday shift and no Sunday one). A machine idle on Sunday nights errs less then than on a
 * working morning, so one spread for every hour makes the quiet hours' intervals too wide and the busy hours' too
 * narrow. Each hour's mean square error is shrunk toward the overall one by {@value #PRIOR_POINTS} points of it, so
 * that an hour seen idle a few times keeps a margin (not chosen on the benchmark: 4 and 16 points score within 2 % of
 * 8 on its rolling weeks, docs/BENCHMARKS.md).
 */
public final class HourlySpread {
    static final int GROUPS = 72;
    static final int PRIOR_POINTS = 8;

    private HourlySpread() {}

    /** The hour an instant falls in: its local hour of the day, + 24 on a Saturday, + 48 on a Sunday. */
    static int group(long epochSecond, ZoneRules rules) {
        long local = localSeconds(epochSecond, rules);
        int hour = (int) (Math.floorMod(local, 86_400L) / 3600);
        int day = weekday(local);
        return hour + (day == 5 ? 24 : day == 6 ? 48 : 0);
    }

    /** The wall-clock time of an instant in seconds from the local 1970-01-01 (the offset in force at the instant). */
    static long localSeconds(long epochSecond, ZoneRules rules) {
        return epochSecond + rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }

    /** The day of the week of a local time in seconds, 0 = Monday (1970-01-01 was a Thursday). */
    static int weekday(long localSeconds) {
        return (int) Math.floorMod(Math.floorDiv(localSeconds, 86_400L) + 3, 7);
    }

    /**
     * The factor of each hour from errors at the given instants (NaN errors are left out): √ of the hour's shrunk mean
     * square over the overall mean square; null when there is no error to go by.
     */
    static double[] factors(double[] errors, long[] epochSeconds, ZoneRules rules) {
        double[] squares = new double[GROUPS];
        int[] points = new int[GROUPS];
        double total = 0;
        int n = 0;
        for (int i = 0; i < errors.length; i++) {
            if (!Double.isFinite(errors[i])) continue;
            double e2 = errors[i] * errors[i];
            int g = group(epochSeconds[i], rules);
            squares[g] += e2;
            points[g]++;
            total += e2;
            n++;
        }
        if (n == 0 || total == 0) return null;
        double meanSquare = total / n;
        double[] factor = new double[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            factor[g] = Math.sqrt((squares[g] + PRIOR_POINTS * meanSquare) / (points[g] + PRIOR_POINTS) / meanSquare);
        }
        return factor;
    }

    /**
     * Each instant's factor ({@code factors} null, or not one per hour of these groups: 1 everywhere, as for models
     * trained before there were factors).
     */
    public static double[] at(double[] factors, long[] epochSeconds, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        boolean none = factors == null || factors.length != GROUPS;
        double[] out = new double[epochSeconds.length];
        for (int i = 0; i < out.length; i++) out[i] = none ? 1 : factors[group(epochSeconds[i], rules)];
        return out;
    }
}
