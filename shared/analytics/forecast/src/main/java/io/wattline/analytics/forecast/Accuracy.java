package io.wattline.analytics.forecast;

/**
 * Forecast accuracy on held-out data. MAPE (in percent) skips actuals below 1 % of the held-out mean absolute value
 * ({@code mapePoints} are the hours it counts): an idle machine's near-zero hours would otherwise make any forecast's
 * percentage error unbounded, but so a machine that stood still for days while forecast running scores as well as
 * its running hours. WAPE (in percent) counts every hour: Σ|error| ÷ Σ|actual|, the share of the energy missed. R² is
 * 1 − SSE ÷ SST of the held-out values (negative for a forecast worse than their mean).
 */
public record Accuracy(double mape, double rmse, double coverage, int points, double rSquared, double wape, int mapePoints) {
    /** The share of the held-out hours MAPE must count to compare models: below it WAPE compares them. */
    public static final double MAPE_COUNTS = 0.9;

    /**
     * Which of two forecasts of held-out hours erred less, as the API chooses its default model: by MAPE where it counted
     * nearly every hour of both ({@link #MAPE_COUNTS}), else by WAPE (a pump standing still through 80 of 168 hours,
     * forecast running, scored a MAPE of 2.2 % on the others). MAPE first, because it chose better on the demo plant's
     * held-out weeks than WAPE did (`./wattline bench forecast`, 2026-12-07).
     *
     * @return negative when the first erred less, positive when the second did, 0 on a tie
     */
    public static int compare(double mapeA, double wapeA, int mapePointsA, int pointsA,
                              double mapeB, double wapeB, int mapePointsB, int pointsB) {
        boolean byMape = mapePointsA >= MAPE_COUNTS * pointsA && mapePointsB >= MAPE_COUNTS * pointsB
                || Double.isNaN(wapeA) || Double.isNaN(wapeB);
        return Double.compare(orLast(byMape ? mapeA : wapeA), orLast(byMape ? mapeB : wapeB));
    }

    private static double orLast(double error) {
        return Double.isNaN(error) ? Double.MAX_VALUE : error;
    }

    public static Accuracy of(double[] actual, Forecast f) {
        int n = actual.length;
        double level = 0;
        for (double v : actual) level += Math.abs(v);
        level /= Math.max(1, n);
        double mean = 0;
        for (double v : actual) mean += v / Math.max(1, n);
        double ape = 0, se = 0, st = 0, ae = 0;
        int apeCount = 0, inside = 0;
        for (int i = 0; i < n; i++) {
            double err = actual[i] - f.mean()[i];
            se += err * err;
            ae += Math.abs(err);
            st += (actual[i] - mean) * (actual[i] - mean);
            if (Math.abs(actual[i]) >= 0.01 * level && actual[i] != 0) {
                ape += Math.abs(err / actual[i]);
                apeCount++;
            }
            if (actual[i] >= f.lower()[i] && actual[i] <= f.upper()[i]) inside++;
        }
        return new Accuracy(apeCount == 0 ? Double.NaN : 100 * ape / apeCount, Math.sqrt(se / Math.max(1, n)),
                (double) inside / Math.max(1, n), n, st == 0 ? Double.NaN : 1 - se / st,
                level == 0 ? Double.NaN : 100 * ae / (level * n), apeCount);
    }
}
