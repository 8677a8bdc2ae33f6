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
record HourlySeries(Instant first, double[] kw, int observed) {
    static final long HOUR = 3600;

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

    static HourlySeries of(List<Rollup> hourly) {
        return of(hourly, h -> false);
    }

    static HourlySeries of(List<Rollup> hourly, Predicate<Instant> flagged) {
        List<Rollup> withData = hourly.stream().filter(r -> r.samples() > 0 && !flagged.test(r.bucket())).toList();
        if (withData.isEmpty()) return new HourlySeries(null, new double[0], 0);
        Instant first = withData.get(0).bucket(), last = withData.get(withData.size() - 1).bucket();
        int n = (int) ((last.getEpochSecond() - first.getEpochSecond()) / HOUR) + 1;
        double[] kw = new double[n];
        boolean[] seen = new boolean[n];
        for (Rollup r : withData) {
            int i = (int) ((r.bucket().getEpochSecond() - first.getEpochSecond()) / HOUR);
            kw[i] = r.powerAvg();
            seen[i] = true;
        }
        for (int i = 0; i < n; i++) {
            if (seen[i]) continue;
            kw[i] = i >= 168 ? kw[i - 168] : i >= 24 ? kw[i - 24] : i > 0 ? kw[i - 1] : 0;
        }
        return new HourlySeries(first, kw, withData.size());
    }

    int size() {
        return kw.length;
    }

    /** The start of the hour after the last. */
    Instant end() {
        return first.plusSeconds(HOUR * kw.length);
    }

    long[] epochSeconds() {
        long[] t = new long[kw.length];
        for (int i = 0; i < t.length; i++) t[i] = first.getEpochSecond() + HOUR * i;
        return t;
    }
}
