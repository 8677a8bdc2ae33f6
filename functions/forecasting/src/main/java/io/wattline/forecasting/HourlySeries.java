package io.wattline.forecasting;

import io.wattline.domain.Rollup;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * A machine's hourly mean power (kW) over its factory's whole local hours ({@link LocalHours}): from the first hour with
 * readings to the last. An hour without readings inside the span takes the value of the same hour a week earlier,
 * else a day earlier, else the previous hour (the models need equal spacing; these keep the day's shape). So does
 * an hour the anomaly function flagged ({@code flagged}): a seasonal model copies what an hour did into every later
 * cycle, and a Monday's air leak was forecast for every Monday after it.
 */
record HourlySeries(double[] kw, int observed, long[] starts, Instant end) {
    /** The start of the first hour (null when empty). */
    Instant first() {
        return starts.length == 0 ? null : Instant.ofEpochSecond(starts[0]);
    }

    /** The highest hourly mean power of the history (its filled hours copy observed ones); 0 when empty. */
    double peak() {
        double max = 0;
        for (double v : kw) if (Double.isFinite(v)) max = Math.max(max, v);
        return max;
    }

    /** The lowest hourly mean power of the history ({@link io.wattline.analytics.forecast.Forecast#floorOf}). */
    double lowest() {
        return io.wattline.analytics.forecast.Forecast.floorOf(kw);
    }

    /** UTC hours (tests, and a factory in UTC). */
    static HourlySeries of(List<Rollup> hourly) {
        return of(hourly, h -> false, new LocalHours(java.time.ZoneOffset.UTC));
    }

    /**
     * The series of the grid's local hours from the first with data to the last, one step each: where the clock moves
     * by half an hour (Lord Howe Island) a local hour is 30 or 90 minutes, and counted in steps of 3,600 seconds every
     * hour after the change was filed an hour early (a press on an 08:00 shift was forecast to run from 07:00).
     */
    static HourlySeries of(List<Rollup> hourly, Predicate<Instant> flagged, LocalHours grid) {
        List<Rollup> withData = hourly.stream().filter(r -> r.samples() > 0 && !flagged.test(r.bucket())).toList();
        if (withData.isEmpty()) return new HourlySeries(new double[0], 0, new long[0], null);
        Instant first = withData.get(0).bucket(), last = withData.get(withData.size() - 1).bucket();
        java.util.Map<Instant, Integer> step = new java.util.HashMap<>();
        List<Instant> hours = new java.util.ArrayList<>();
        for (Instant t = first; !t.isAfter(last); t = grid.nextHour(t)) {
            step.put(t, hours.size());
            hours.add(t);
        }
        int n = hours.size();
        double[] kw = new double[n];
        boolean[] seen = new boolean[n];
        for (Rollup r : withData) {
            Integer i = step.get(r.bucket());
            if (i == null) continue; // not a start of the grid's hours: not one of its buckets
            kw[i] = r.powerAvg();
            seen[i] = true;
        }
        for (int i = 0; i < n; i++) {
            if (seen[i]) continue;
            kw[i] = i >= 168 ? kw[i - 168] : i >= 24 ? kw[i - 24] : i > 0 ? kw[i - 1] : 0;
        }
        return new HourlySeries(kw, withData.size(), hours.stream().mapToLong(Instant::getEpochSecond).toArray(), grid.nextHour(last));
    }

    int size() {
        return kw.length;
    }

    /** The start of each hour, in epoch seconds. */
    long[] epochSeconds() {
        return starts.clone();
    }
}
