package io.wattline.analytics.forecast;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Consecutive hours on a factory's wall clock, counted from {@code origin}. A model whose seasons are counted in steps
 * (ARIMA's lag of 168) must count them in the factory's hours: counted in UTC hours, the week after a clock change
 * put each shift an hour off. On the wall clock the night the clocks go forward has an hour no meter saw (a gap),
 * and the night they go back has one hour twice (its two UTC hours averaged: the series are mean power).
 */
public record WallClock(ZoneId zone, LocalDateTime origin) {

    /** The wall clock whose step 0 is the hour starting at {@code first}. */
    public static WallClock from(ZoneId zone, Instant first) {
        return new WallClock(zone, LocalDateTime.ofInstant(first, zone));
    }

    /** The step of the wall-clock hour in which the UTC hour starting at {@code t} starts. */
    public int index(Instant t) {
        return Math.toIntExact(ChronoUnit.HOURS.between(origin, LocalDateTime.ofInstant(t, zone)));
    }

    /** The wall-clock time of a step. */
    public LocalDateTime at(int step) {
        return origin.plusHours(step);
    }

    /** The instant each of {@code steps} steps from {@code first} starts (a skipped hour: the instant after the gap). */
    public long[] epochSeconds(int first, int steps) {
        long[] t = new long[steps];
        for (int i = 0; i < steps; i++) t[i] = at(first + i).atZone(zone).toEpochSecond();
        return t;
    }

    /**
     * The values of consecutive UTC hours, the first starting at {@code first}, by step from the origin (index 0 is
     * step 0, whatever step {@code first} falls on): a step no hour fell on is NaN, one two hours fell on (the hour
     * the clocks go back to) their mean. Hours before the origin are left out (where training ended in the first copy of
     * a doubled hour, the origin is the hour after it, and the second copy falls before it).
     */
    public double[] of(Instant first, double[] hourly) {
        long[] starts = new long[hourly.length];
        for (int i = 0; i < hourly.length; i++) starts[i] = first.getEpochSecond() + 3600L * i;
        return of(starts, hourly);
    }

    /**
     * The same for hours that start at {@code starts} (epoch seconds): a factory's local hours, which on Lord Howe
     * Island, whose clock moves by half an hour, are 30 or 90 minutes long where it moves.
     */
    public double[] of(long[] starts, double[] hourly) {
        if (hourly.length == 0) return new double[0];
        int[] step = new int[hourly.length];
        for (int i = 0; i < hourly.length; i++) step[i] = index(Instant.ofEpochSecond(starts[i]));
        int n = Math.max(0, step[hourly.length - 1] + 1);
        double[] sum = new double[n];
        int[] count = new int[n];
        for (int i = 0; i < hourly.length; i++) {
            if (Double.isNaN(hourly[i]) || step[i] < 0) continue;
            sum[step[i]] += hourly[i];
            count[step[i]]++;
        }
        double[] out = new double[n];
        for (int j = 0; j < n; j++) out[j] = count[j] == 0 ? Double.NaN : sum[j] / count[j];
        return out;
    }

    /** The series with each NaN inside it drawn between its neighbours (a model fitted on it needs every step). */
    public static double[] filled(double[] series) {
        double[] out = series.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isNaN(out[i])) continue;
            int next = i;
            while (next < out.length && Double.isNaN(out[next])) next++;
            double before = i > 0 ? out[i - 1] : next < out.length ? out[next] : 0;
            double after = next < out.length ? out[next] : before;
            for (int k = i; k < next; k++) out[k] = before + (after - before) * (k - i + 1) / (next - i + 1);
            i = next;
        }
        return out;
    }

    /**
     * A forecast over the UTC hours starting at {@code hourStarts}, read from one over consecutive wall-clock steps
     * starting at step {@code first} (which must cover them): an hour the clock shows twice gets its step's values
     * twice.
     */
    public Forecast atHours(Forecast steps, int first, long[] hourStarts) {
        int n = hourStarts.length;
        double[] mean = new double[n], lower = new double[n], upper = new double[n];
        for (int i = 0; i < n; i++) {
            // an hour before step `first` (the second copy of a doubled hour, after training ended in its first) reads step `first`
            int j = Math.max(0, index(Instant.ofEpochSecond(hourStarts[i])) - first);
            mean[i] = steps.mean()[j];
            lower[i] = steps.lower()[j];
            upper[i] = steps.upper()[j];
        }
        return new Forecast(mean, lower, upper, steps.confidence());
    }

    /** How many steps from {@code first} a forecast must run to cover the UTC hours starting at {@code hourStarts}. */
    public int stepsToCover(int first, long[] hourStarts) {
        return hourStarts.length == 0 ? 0 : Math.max(1, index(Instant.ofEpochSecond(hourStarts[hourStarts.length - 1])) - first + 1);
    }

}
