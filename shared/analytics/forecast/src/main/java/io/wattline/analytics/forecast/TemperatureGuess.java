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

    /** How many quantiles {@link #pastErrorsByLead} keeps of the guess's errors at each lead. */
    public static final int ERROR_QUANTILES = 50;
    /**
     * Leads the errors are kept by: the day after the guess was made (0 = its first 24 hours, ... 6 = its seventh day),
     * and one more for a week or more ahead (up to {@value #MAX_LEAD_DAYS} days, the forecast's reach).
     */
    public static final int LEADS = 8;
    static final int MAX_LEAD_DAYS = 30;
    /**
     * The longest temperature record the errors are learnt from (days before the end of training): the weather of a
     * few training weeks may have been calmer than the place's, and a forecast made after a calm month met a week 7 °C
     * colder than the guess (HVAC-EU-North, docs/FORECAST.md).
     */
    public static final int RECORD_DAYS = 365;

    /** The lead of a step {@code epochSecond} of a guess made at {@code start}: its day after it, at most {@code LEADS - 1}. */
    public static int lead(long epochSecond, long start) {
        return (int) Math.max(0, Math.min(LEADS - 1, Math.floorDiv(epochSecond - start, 86_400L)));
    }

    /**
     * What guessing has cost over a record, by lead: from every midnight (UTC) with {@value #DAYS} days of record before
     * it, the {@value #MAX_LEAD_DAYS} days after it guessed from those days ({@link #of}) minus the temperatures that came,
     * each error kept by its {@link #lead}, summarised as {@value #ERROR_QUANTILES} quantiles (sorted) per lead; a lead no
     * error reached is empty. A forecast that guesses its temperatures errs in its weather term as the guess erred here
     * at the same lead (weather comes in spells the clock does not see, and a guess drifts further off by the day).
     *
     * @param t epoch seconds in time order (hourly); {@code c} the temperatures (°C), NaN for none
     */
    public static double[][] pastErrorsByLead(long[] t, double[] c) {
        int n = t.length;
        double[][] errors = new double[LEADS][];
        int[] count = new int[LEADS];
        for (int k = 0; k < LEADS; k++) errors[k] = new double[64];
        int from = 0, to = 0;
        for (int o = 0; o < n; o++) {
            if (Math.floorMod(t[o], 86_400L) != 0 || t[o] - t[0] < DAYS * 86_400L) continue;
            while (t[from] < t[o] - DAYS * 86_400L) from++;
            to = Math.max(to, o);
            while (to < n && t[to] < t[o] + MAX_LEAD_DAYS * 86_400L) to++;
            double[] guess = of(Arrays.copyOfRange(t, from, o), Arrays.copyOfRange(c, from, o),
                    Arrays.copyOfRange(t, o, to));
            for (int i = o; i < to; i++) {
                double e = guess[i - o] - c[i];
                if (!Double.isFinite(e)) continue;
                int k = lead(t[i], t[o]);
                if (count[k] == errors[k].length) errors[k] = Arrays.copyOf(errors[k], 2 * count[k]);
                errors[k][count[k]++] = e;
            }
        }
        double[][] out = new double[LEADS][];
        for (int k = 0; k < LEADS; k++) out[k] = quantiles(Arrays.copyOf(errors[k], count[k]));
        return out;
    }

    /**
     * The errors of the lead a step falls in (by {@link #pastErrorsByLead}): the nearest shorter lead's where none
     * reached it (a record of a few weeks has none a week ahead), empty when none is known.
     */
    public static double[] errorsAt(double[][] byLead, int lead) {
        if (byLead == null) return new double[0];
        for (int k = Math.min(lead, byLead.length - 1); k >= 0; k--) {
            if (byLead[k] != null && byLead[k].length > 0) return byLead[k];
        }
        return new double[0];
    }

    /** {@value #ERROR_QUANTILES} quantiles of the errors (sorted), or none. */
    private static double[] quantiles(double[] errors) {
        if (errors.length == 0) return new double[0];
        double[] sorted = errors.clone();
        Arrays.sort(sorted);
        double[] q = new double[ERROR_QUANTILES];
        for (int k = 0; k < q.length; k++) q[k] = sorted[(int) ((k + 0.5) / q.length * sorted.length)];
        return q;
    }

    /** Temperatures on an hourly grid: {@code t} epoch seconds of each hour's start, {@code c} °C (NaN for none). */
    public record Hourly(long[] t, double[] c) {}

    /**
     * A record as an hourly grid from its first hour to {@code end} (exclusive), NaN where it has none: what
     * {@link #pastErrorsByLead} reads, from readings stamped anywhere in their hour (in time order).
     */
    public static Hourly hourly(long[] t, double[] c, long end) {
        if (t.length == 0) return new Hourly(new long[0], new double[0]);
        long first = t[0] - Math.floorMod(t[0], 3600L);
        int n = (int) Math.max(0, Math.floorDiv(end - first + 3599, 3600L));
        long[] hours = new long[n];
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        for (int i = 0; i < n; i++) hours[i] = first + 3600L * i;
        for (int i = 0; i < t.length; i++) {
            long k = Math.floorDiv(t[i] - first, 3600L);
            if (k >= 0 && k < n) out[(int) k] = c[i];
        }
        return new Hourly(hours, out);
    }

    private static int hour(long epochSecond) {
        return (int) Math.floorMod(epochSecond / 3600, 24L);
    }
}
