package io.wattline.analytics.forecast;

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

    private static int hour(long epochSecond) {
        return (int) Math.floorMod(epochSecond / 3600, 24L);
    }
}
