package io.wattline.analytics.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The anomaly rules of the anomaly function, over a machine's buckets of actual and expected energy (the
 * active baseline's, or, when no baseline is trained, the range the same hour took on the days before: {@link #seasonalFindings}):
 *
 * <ul>
 *   <li>{@code energy_spike} / {@code energy_drop}: a bucket whose energy is off its expectation by at least
 *       {@link #MIN_DEVIATION_PERCENT} percent and at least {@link #SIGMAS} times the model's held-out RMSE
 *       (both, so a small machine's noise and a big machine's ordinary swings stay quiet);</li>
 *   <li>{@code drift}: the last {@link #DRIFT_HOURS} hours' energy on average at least
 *       {@link #DRIFT_MIN_PERCENT} percent above expectation, nearly every hour above it, and at least
 *       {@link #DRIFT_MIN_RISE} points higher than the day before: a slow rise (wear, fouling) that no single hour shows; while it holds, its hours are not
 *       also reported as spikes;</li>
 *   <li>{@code stuck_meter}: the same non-zero power reading repeated for at least {@link #STUCK_MINUTES}
 *       minutes (a live meter's noise never repeats a value to the watt that long; zero is a machine off).</li>
 * </ul>
 */
public final class AnomalyRules {
    public static final double MIN_DEVIATION_PERCENT = 25;
    public static final double SIGMAS = 3;
    public static final int DRIFT_HOURS = 24;
    public static final double DRIFT_MIN_PERCENT = 8;
    public static final double DRIFT_POSITIVE_SHARE = 0.8;
    /** How much higher (percentage points) the last day must be than the day before: drift keeps rising. */
    public static final double DRIFT_MIN_RISE = 5;
    public static final int STUCK_MINUTES = 30;
    /** The seasonal rule (no baseline) judges each hour by the same hour of at most these days before it. */
    public static final int SEASONAL_DAYS = 14;
    /**
     * Days before a window that a caller of {@link #seasonalFindings} passes: one more than the rule reads, so that every
     * judged hour's 14 days of changes from a day before lie inside and its verdict is the same whichever window asks.
     */
    public static final int SEASONAL_FETCH_DAYS = SEASONAL_DAYS + 1;
    /** Hours of history before the seasonal rule judges an hour: under three days an hour's range is a guess. */
    public static final int SEASONAL_MIN_HOURS = 3 * 24;

    private AnomalyRules() {}

    /** One bucket's comparison with its expectation. */
    public record Deviation(Instant timestamp, double actual, double expected, double deviation,
                            double deviationPercent, boolean isAnomaly) {}

    /** Something found: its type, the span it covers, its figures, severity and sentence. */
    public record Finding(String type, Instant start, Instant end, double actual, double expected,
                          double deviation, double deviationPercent, String severity, String description) {}

    /**
     * What a run judged: its findings, and the starts of the buckets it judged (in time order, each {@code bucket}
     * long). A stored finding in a bucket judged again and not found again is no longer true of the data.
     */
    public record Judged(List<Finding> findings, List<Instant> buckets, Duration bucket) {
        /** Whether a judged bucket holds {@code t}. */
        public boolean covers(Instant t) {
            int i = java.util.Collections.binarySearch(buckets, t);
            if (i >= 0) return true;
            int before = -i - 2;
            return before >= 0 && t.isBefore(buckets.get(before).plus(bucket));
        }
    }

    /** The buckets {@code t} (in time order) in {@code [from, to)}: what {@link #energyFindings} judges. */
    public static List<Instant> within(Instant[] t, Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant x : t) if (!x.isBefore(from) && x.isBefore(to)) out.add(x);
        return out;
    }

    /** Each bucket against its expectation; {@code rmse} is the model's typical error per bucket. */
    public static List<Deviation> deviations(Instant[] t, double[] actual, double[] expected, double rmse) {
        List<Deviation> out = new ArrayList<>(t.length);
        for (int i = 0; i < t.length; i++) {
            double d = actual[i] - expected[i];
            double pct = percent(d, expected[i]);
            boolean anomaly = Math.abs(d) >= SIGMAS * rmse && Math.abs(pct) >= MIN_DEVIATION_PERCENT;
            out.add(new Deviation(t[i], actual[i], expected[i], d, pct, anomaly));
        }
        return out;
    }

    /** Deviation in percent of the expectation; a positive expectation of nothing counts as 100 % off. */
    static double percent(double deviation, double expected) {
        if (Math.abs(expected) < 1e-9) return deviation == 0 ? 0 : Math.copySign(100, deviation);
        return 100 * deviation / Math.abs(expected);
    }

    /**
     * Spikes, drops and drift among hourly buckets. Buckets before {@code from} are context (drift looks a
     * day and more back); only findings of buckets in {@code [from, to)} are returned.
     */
    public static List<Finding> energyFindings(Instant[] t, double[] actual, double[] expected, double rmse,
                                               Duration bucket, Instant from, Instant to) {
        List<Deviation> dev = deviations(t, actual, expected, rmse);
        List<Finding> out = new ArrayList<>();
        int perDay = (int) Math.max(1, Duration.ofHours(DRIFT_HOURS).dividedBy(bucket));
        for (int i = 0; i < t.length; i++) {
            if (t[i].isBefore(from) || !t[i].isBefore(to)) continue;
            Finding drift = drift(dev, i, perDay, bucket);
            if (drift != null) {
                out.add(drift);
                continue;
            }
            Deviation d = dev.get(i);
            if (!d.isAnomaly()) continue;
            boolean above = d.deviation() > 0;
            out.add(new Finding(above ? "energy_spike" : "energy_drop", d.timestamp(), d.timestamp().plus(bucket),
                    d.actual(), d.expected(), d.deviation(), d.deviationPercent(), severity(d.deviationPercent()),
                    String.format(Locale.ROOT, "Energy consumption %.0f%% %s baseline", Math.abs(d.deviationPercent()),
                            above ? "above" : "below")));
        }
        return out;
    }

    /** Drift ending at bucket {@code i}: the trailing day well above expectation, and above the day before. */
    private static Finding drift(List<Deviation> dev, int i, int perDay, Duration bucket) {
        if (i + 1 < 2 * perDay) return null;
        double actual = 0, expected = 0, prevActual = 0, prevExpected = 0;
        int positive = 0;
        for (int k = i - perDay + 1; k <= i; k++) {
            Deviation d = dev.get(k);
            actual += d.actual();
            expected += d.expected();
            if (d.deviation() > 0) positive++;
        }
        for (int k = i - 2 * perDay + 1; k <= i - perDay; k++) {
            prevActual += dev.get(k).actual();
            prevExpected += dev.get(k).expected();
        }
        double pct = percent(actual - expected, expected), prevPct = percent(prevActual - prevExpected, prevExpected);
        if (pct < DRIFT_MIN_PERCENT || positive < DRIFT_POSITIVE_SHARE * perDay || pct - prevPct < DRIFT_MIN_RISE) return null;
        Deviation last = dev.get(i);
        return new Finding("drift", dev.get(i - perDay + 1).timestamp(), last.timestamp().plus(bucket), actual, expected,
                actual - expected, pct, pct >= 20 ? "high" : "medium", String.format(Locale.ROOT,
                // the hours named, not "the last 24 hours": read out days later, "last" was another day
                "Energy consumption drifting upward: %.0f%% above baseline over the %d hours to %s, up from %.0f%% the day before",
                pct, DRIFT_HOURS, last.timestamp().plus(bucket), Math.max(0, prevPct)));
    }

    /**
     * Without a baseline: each hour's energy against the range the same hour of the day took over the
     * {@value #SEASONAL_DAYS} days before it (after at least {@value #SEASONAL_MIN_HOURS} hours of history): inside
     * it, nothing is expected otherwise; above or below it, the nearest edge is the expectation. Without production
     * counts a clock cannot tell a shift that ran from one that did not (orders change week to week), so only what no
     * recent day did at that hour is reported, and only by 3 typical errors: the robust spread of the changes from a
     * day before over the same days (each hour's own, so the verdict does not depend on the window asked for). A
     * seasonal expectation (a daily profile with a moving level, or a decomposition drawn through the window)
     * reported 20-60 false anomalies per machine-week on the demo plant.
     *
     * @param first     the hour of {@code energyKwh[0]}; hour {@code i} is {@code first + i h}
     * @param energyKwh each hour's energy, NaN for an hour not measured (it takes the value a day before it and is
     *                  not judged); the history starts at the first measured hour
     * @return spikes and drops ({@link #energyFindings}) of the hours in {@code [from, until)}, and the hours judged
     */
    public static Judged seasonalFindings(Instant first, double[] energyKwh, Instant from, Instant until) {
        Duration hour = Duration.ofHours(1);
        int lo = 0, hi = energyKwh.length - 1;
        while (lo <= hi && Double.isNaN(energyKwh[lo])) lo++;
        while (hi >= lo && Double.isNaN(energyKwh[hi])) hi--;
        if (lo > hi) return new Judged(List.of(), List.of(), hour);
        Instant start = first.plus(Duration.ofHours(lo));
        double[] y = Arrays.copyOfRange(energyKwh, lo, hi + 1);
        int n = y.length;
        boolean[] measured = new boolean[n];
        for (int i = 0; i < n; i++) {
            measured[i] = !Double.isNaN(y[i]);
            if (!measured[i]) y[i] = i >= 24 ? y[i - 24] : y[i - 1];
        }
        Instant[] t = new Instant[n];
        double[] expected = y.clone(); // an hour not judged deviates by nothing
        List<Instant> judged = new ArrayList<>();
        double[] change = new double[SEASONAL_DAYS * 24];
        for (int i = 0; i < n; i++) {
            t[i] = start.plus(Duration.ofHours(i));
            if (i < SEASONAL_MIN_HOURS || !measured[i] || t[i].isBefore(from) || !t[i].isBefore(until)) continue;
            double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
            for (int d = 1; d <= SEASONAL_DAYS && i - 24 * d >= 0; d++) {
                low = Math.min(low, y[i - 24 * d]);
                high = Math.max(high, y[i - 24 * d]);
            }
            double e = Math.max(low, Math.min(high, y[i]));
            int c = 0;
            for (int j = Math.max(24, i - SEASONAL_DAYS * 24); j < i; j++) change[c++] = y[j] - y[j - 24];
            if (Math.abs(y[i] - e) >= 3 * robustSpread(change, c)) expected[i] = e;
            judged.add(t[i]);
        }
        if (judged.isEmpty()) return new Judged(List.of(), List.of(), hour);
        return new Judged(energyFindings(t, y, expected, 0, hour, from, until), judged, hour);
    }

    /** 1.4826 × the median absolute deviation of {@code v[0, c)} (reordered). */
    private static double robustSpread(double[] v, int c) {
        if (c == 0) return 0;
        Arrays.sort(v, 0, c);
        double median = v[c / 2];
        for (int i = 0; i < c; i++) v[i] = Math.abs(v[i] - median);
        Arrays.sort(v, 0, c);
        return 1.4826 * v[c / 2];
    }

    /** Whether every reading of an hour (their count, maximum and sum) is this one non-zero value. */
    public static boolean allAt(long samples, double max, double sum, double value) {
        return value != 0 && max == value && Math.abs(sum - value * samples) <= 1e-9 * Math.abs(value) * samples;
    }

    /**
     * Whether an hour is a stuck meter's: two or more readings, every one the same non-zero value (its maximum is, and
     * so is their mean). Read from the hourly roll-ups, so a run's first and last part-hours are not seen.
     */
    public static boolean stuckHour(long samples, double max, double sum) {
        return samples > 1 && max > 0 && allAt(samples, max, sum, max);
    }

    /**
     * The deviations, those of buckets that hold one of the stuck meter's hours no anomaly: their energy was not
     * measured, and detection reports the stuck meter there instead of a drop or spike.
     */
    public static List<Deviation> exceptStuck(List<Deviation> points, Duration bucket, java.util.Set<Instant> stuckHours) {
        if (stuckHours.isEmpty()) return points;
        List<Deviation> out = new ArrayList<>(points.size());
        for (Deviation p : points) {
            boolean stuck = false;
            Instant end = p.timestamp().plus(bucket);
            for (Instant h = p.timestamp().truncatedTo(java.time.temporal.ChronoUnit.HOURS); !stuck && h.isBefore(end);
                 h = h.plusSeconds(3600)) {
                stuck = stuckHours.contains(h);
            }
            out.add(stuck && p.isAnomaly() ? new Deviation(p.timestamp(), p.actual(), p.expected(), p.deviation(),
                    p.deviationPercent(), false) : p);
        }
        return out;
    }

    /** A stuck run's span ends this long after its last reading (the minute that reading stands for). */
    static final Duration STUCK_LAST_READING = Duration.ofSeconds(60);

    /**
     * Whether a stuck run from {@code start} whose span ends at {@code end} ({@link #STUCK_LAST_READING} after its last
     * reading) is one {@link #stuckMeter} reports for {@code [from, to)}: its last reading at or after {@code from}.
     */
    public static boolean stuckReaches(Instant start, Instant end, Instant from, Instant to) {
        return end.minus(STUCK_LAST_READING).compareTo(from) >= 0 && start.isBefore(to);
    }

    /**
     * Runs of one repeated non-zero power value of at least {@link #STUCK_MINUTES} minutes among readings in time
     * order; only runs that reach into {@code [from, to)} are returned.
     */
    public static List<Finding> stuckMeter(Instant[] t, double[] powerKw, Instant from, Instant to) {
        List<Finding> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= t.length; i++) {
            boolean same = i < t.length && powerKw[i] == powerKw[start] && powerKw[i] != 0;
            if (same) continue;
            Instant runStart = t.length == 0 ? null : t[start], runEnd = t.length == 0 ? null : t[i - 1];
            if (runStart != null && powerKw[start] != 0) {
                long minutes = Duration.between(runStart, runEnd).toMinutes() + 1;
                if (minutes >= STUCK_MINUTES && stuckReaches(runStart, runEnd.plus(STUCK_LAST_READING), from, to)) {
                    double hours = minutes / 60.0;
                    out.add(new Finding("stuck_meter", runStart, runEnd.plus(STUCK_LAST_READING), powerKw[start], Double.NaN,
                            Double.NaN, Double.NaN, hours >= 3 ? "high" : "medium", String.format(Locale.ROOT,
                            "Meter reading stuck at %.1f kW for %s: the same value repeated, so energy is not being measured",
                            powerKw[start], minutes >= 120 ? String.format(Locale.ROOT, "%.1f hours", hours).replace(".0 ", " ")
                                    : minutes + " minutes")));
                }
            }
            start = i;
        }
        return out;
    }

    /**
     * The share of a bucket's usual readings below which it counts as not covered: ten minutes missing from an
     * hour of one-minute readings is beyond a lost packet or two.
     */
    public static final double MIN_COVERAGE = 0.9;

    /**
     * Which buckets the meter covered: those holding at least {@link #MIN_COVERAGE} of the readings it usually sends
     * in one (the median count over the buckets given that have any). A bucket the data starts or stops in, or one
     * that a meter outage cuts, holds only part of its energy: compared with a whole bucket's expectation it reads
     * as a drop (or an accuracy loss) that the machine never had. An energy manager reads missing readings as
     * missing data, not as lower consumption, so such buckets are left out of baselines, deviations and detection
     * rather than scaled up to a guess of their whole energy.
     *
     * @param readings the number of readings in each bucket
     */
    public static boolean[] covered(long[] readings) {
        return covered(readings, usualReadings(readings));
    }

    /** As {@link #covered(long[])}, against a usual count found elsewhere (a window of a few buckets cannot tell it). */
    public static boolean[] covered(long[] readings, long usual) {
        boolean[] out = new boolean[readings.length];
        for (int i = 0; i < readings.length; i++) out[i] = readings[i] > 0 && readings[i] >= MIN_COVERAGE * usual;
        return out;
    }

    /** The readings a bucket usually holds: the median count over the buckets that have any (0 when none has). */
    public static long usualReadings(long[] readings) {
        long[] present = java.util.Arrays.stream(readings).filter(c -> c > 0).sorted().toArray();
        return present.length == 0 ? 0 : present[present.length / 2];
    }

    /** Severity of a deviation: 90 % or more off is critical (a trip, a doubling), 50 % high, 30 % medium. */
    public static String severity(double deviationPercent) {
        double a = Math.abs(deviationPercent);
        if (a >= 90) return "critical";
        if (a >= 50) return "high";
        if (a >= 30) return "medium";
        return "low";
    }
}
