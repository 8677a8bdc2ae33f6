package io.wattline.analytics.forecast;

import java.util.Arrays;

/**
 * The outdoor temperature of hours ahead when no weather forecast is at hand: the mean of the same hour of the day
 * over the last {@value #DAYS} days observed (the daily cycle follows the sun, so UTC hours are the right clock).
 * Cruder than any weather service, and said so wherever it is used; it keeps the daily swing and the recent level.
 */
public final class TemperatureGuess {
    public static final int DAYS = 7;

    private TemperatureGuess() {}

    /**
     * @param pastT    epoch seconds of observed temperatures, in time order
     * @param pastC    the temperatures (°C); NaN for none
     * @param futureT  the instants to guess
     * @return one temperature per future instant; NaN where the last days hold none at that hour
     */
    public static double[] of(long[] pastT, double[] pastC, long[] futureT) {
        double[] sum = new double[24];
        int[] count = new int[24];
        long since = pastT.length == 0 ? 0 : pastT[pastT.length - 1] - DAYS * 86_400L;
        for (int i = pastT.length - 1; i >= 0 && pastT[i] > since; i--) {
            if (Double.isNaN(pastC[i])) continue;
            int h = hour(pastT[i]);
            sum[h] += pastC[i];
            count[h]++;
        }
        double[] out = new double[futureT.length];
        for (int i = 0; i < futureT.length; i++) {
            int h = hour(futureT[i]);
            out[i] = count[h] == 0 ? Double.NaN : sum[h] / count[h];
        }
        return out;
    }

    /** How many quantiles {@link #pastErrors} keeps of the guess's errors. */
    public static final int ERROR_QUANTILES = 50;

    /**
     * What guessing has cost over a history: from every midnight (UTC) with {@value #DAYS} days observed before it, the
     * week after it guessed from those days ({@link #of}) minus the temperatures that came, summarised as
     * {@value #ERROR_QUANTILES} quantiles (sorted); empty when no day has a week before it. A forecast that guesses its
     * temperatures errs in its weather term as the guess erred here (weather comes in spells the clock does not see).
     *
     * @param t epoch seconds in time order (hourly); {@code c} the temperatures (°C), NaN for none
     */
    public static double[] pastErrors(long[] t, double[] c) {
        int n = t.length;
        double[] errors = new double[0];
        int count = 0;
        for (int o = 0; o < n; o++) {
            if (Math.floorMod(t[o], 86_400L) != 0 || t[o] - t[0] < DAYS * 86_400L) continue;
            int from = o, to = o;
            while (from > 0 && t[from - 1] >= t[o] - DAYS * 86_400L) from--;
            while (to < n && t[to] < t[o] + DAYS * 86_400L) to++;
            double[] guess = of(Arrays.copyOfRange(t, from, o), Arrays.copyOfRange(c, from, o),
                    Arrays.copyOfRange(t, o, to));
            if (errors.length < count + guess.length) errors = Arrays.copyOf(errors, 2 * (count + guess.length));
            for (int i = o; i < to; i++) {
                double e = guess[i - o] - c[i];
                if (Double.isFinite(e)) errors[count++] = e;
            }
        }
        if (count == 0) return new double[0];
        double[] sorted = Arrays.copyOf(errors, count);
        Arrays.sort(sorted);
        double[] q = new double[ERROR_QUANTILES];
        for (int k = 0; k < q.length; k++) q[k] = sorted[(int) ((k + 0.5) / q.length * count)];
        return q;
    }

    private static int hour(long epochSecond) {
        return (int) Math.floorMod(epochSecond / 3600, 24L);
    }
}
