package io.wattline.analytics.forecast;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The seed's "prophet": a decomposable model y = trend + seasonality (additive) or trend × (1 + seasonality)
 * (multiplicative), fitted by regularised least squares. The trend is piecewise linear with
 * {@value #CHANGEPOINTS} potential changepoints spread over the first 80 % of the history (Prophet's defaults),
 * their slope changes held back by a ridge penalty; seasonality is Fourier terms of the local time of day
 * (order {@value #DAILY_ORDER}), of the local time of week (order {@value #WEEKLY_ORDER}) and a second time-of-day
 * series active on Saturdays and Sundays only (a factory's weekend day has another shape, Prophet's conditional
 * seasonality). Times are the factory's wall-clock time, so a shift that starts at 06:00 keeps starting at 06:00
 * across daylight-saving changes. Multiplicative fits alternate two exact least-squares steps (seasonality given
 * the trend, trend given the seasonality). Intervals are normal with the residual spread of the fit.
 */
public final class Decomposition {
    public static final int CHANGEPOINTS = 25;
    public static final int DAILY_ORDER = 12;
    public static final int WEEKLY_ORDER = 10;
    public static final int WEEKEND_ORDER = 12;
    /** Ridge weight of a slope change, per point of history (a trend that bends only for a lasting change). */
    static final double CHANGEPOINT_PENALTY = 0.5;
    /** Ridge weight of a seasonal coefficient, per point (keeps short histories from chasing noise). */
    static final double SEASONAL_PENALTY = 0.001;
    private static final int MULTIPLICATIVE_ROUNDS = 8;

    public enum Mode { ADDITIVE, MULTIPLICATIVE }

    /**
     * A fitted model: trend time is (epoch seconds − {@code t0}) / {@code scale}; {@code trend} holds the intercept,
     * the slope and one slope change per changepoint; {@code seasonal} the Fourier coefficients.
     */
    public record Model(Mode mode, String zone, long t0, double scale, double[] changepoints, double[] trend,
                        double[] seasonal, double sigma, int trainingPoints) {

        /** The forecast at the given instants with a central interval at {@code confidence}. */
        public Forecast forecast(long[] epochSeconds, double confidence) {
            ZoneRules rules = ZoneId.of(zone).getRules();
            double z = Normal.quantile(0.5 + confidence / 2);
            int n = epochSeconds.length;
            double[] mean = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                double tr = dot(trend, trendFeatures(epochSeconds[i], t0, scale, changepoints));
                double se = dot(seasonal, seasonalFeatures(epochSeconds[i], rules));
                mean[i] = mode == Mode.ADDITIVE ? tr + se : tr * (1 + se);
                lo[i] = mean[i] - z * sigma;
                hi[i] = mean[i] + z * sigma;
            }
            return new Forecast(mean, lo, hi, confidence);
        }
    }

    private Decomposition() {}

    /** The fewest points a fit accepts: two full weeks of the given step, so that the weekly terms are seen twice. */
    public static int minimumHistory(int stepsPerDay) {
        return 14 * stepsPerDay;
    }

    /** Fits the model to values at the given instants (any spacing; gaps allowed). */
    public static Model fit(long[] epochSeconds, double[] y, ZoneId zone, Mode mode) {
        int n = y.length;
        if (n < 2) throw new IllegalArgumentException("need at least 2 points");
        long t0 = epochSeconds[0];
        double scale = Math.max(1, epochSeconds[n - 1] - t0);
        double[] cps = new double[CHANGEPOINTS];
        for (int k = 0; k < CHANGEPOINTS; k++) cps[k] = 0.8 * (k + 1) / (CHANGEPOINTS + 1);
        ZoneRules rules = zone.getRules();
        double[][] xt = new double[n][], xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xt[i] = trendFeatures(epochSeconds[i], t0, scale, cps);
            xs[i] = seasonalFeatures(epochSeconds[i], rules);
        }
        int kt = xt[0].length, ks = xs[0].length;
        double[] trendPenalty = new double[kt], seasonalPenalty = new double[ks];
        for (int j = 2; j < kt; j++) trendPenalty[j] = CHANGEPOINT_PENALTY * n;
        java.util.Arrays.fill(seasonalPenalty, SEASONAL_PENALTY * n);

        // additive fit of both parts at once
        double[][] x = new double[n][kt + ks];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xt[i], 0, x[i], 0, kt);
            System.arraycopy(xs[i], 0, x[i], kt, ks);
        }
        double[] penalty = new double[kt + ks];
        System.arraycopy(trendPenalty, 0, penalty, 0, kt);
        System.arraycopy(seasonalPenalty, 0, penalty, kt, ks);
        double[] beta = Ridge.solve(x, y, penalty);
        double[] trend = java.util.Arrays.copyOfRange(beta, 0, kt), seasonal = java.util.Arrays.copyOfRange(beta, kt, kt + ks);

        if (mode == Mode.MULTIPLICATIVE) {
            double level = 0;
            for (double v : y) level += Math.abs(v);
            level = Math.max(level / n, 1e-9);
            for (int j = 0; j < ks; j++) seasonal[j] /= level;
            for (int round = 0; round < MULTIPLICATIVE_ROUNDS; round++) {
                // seasonality given the trend: y − T = T · S
                double[][] xm = new double[n][ks];
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    double tr = dot(trend, xt[i]);
                    for (int j = 0; j < ks; j++) xm[i][j] = tr * xs[i][j];
                    r[i] = y[i] - tr;
                }
                double[] sp = new double[ks];
                java.util.Arrays.fill(sp, SEASONAL_PENALTY * n * level * level);
                seasonal = Ridge.solve(xm, r, sp);
                // trend given the seasonality: y = (1 + S) · T
                double[][] xk = new double[n][kt];
                for (int i = 0; i < n; i++) {
                    double f = 1 + dot(seasonal, xs[i]);
                    for (int j = 0; j < kt; j++) xk[i][j] = f * xt[i][j];
                }
                trend = Ridge.solve(xk, y, trendPenalty);
            }
        }
        Model shell = new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, 0, n);
        double[] fitted = shell.forecast(epochSeconds, 0.5).mean();
        double ss = 0;
        for (int i = 0; i < n; i++) ss += (y[i] - fitted[i]) * (y[i] - fitted[i]);
        double sigma = Math.sqrt(ss / Math.max(1, n - (kt + ks) / 2)); // penalised coefficients use fewer degrees of freedom
        return new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, sigma, n);
    }

    static double[] trendFeatures(long epochSecond, long t0, double scale, double[] changepoints) {
        double t = (epochSecond - t0) / scale;
        double[] f = new double[2 + changepoints.length];
        f[0] = 1;
        f[1] = t;
        for (int k = 0; k < changepoints.length; k++) f[2 + k] = Math.max(0, t - changepoints[k]);
        return f;
    }

    static double[] seasonalFeatures(long epochSecond, ZoneRules rules) {
        long local = epochSecond + rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        double day = Math.floorMod(local, 86_400L) / 86_400.0;
        // 1970-01-01 was a Thursday: shift so that the week starts on Monday
        double week = Math.floorMod(local + 3 * 86_400L, 7 * 86_400L) / (7 * 86_400.0);
        int weekday = (int) Math.floorMod(Math.floorDiv(local, 86_400L) + 3, 7); // 0 = Monday
        boolean weekend = weekday >= 5;
        double[] f = new double[2 * (DAILY_ORDER + WEEKLY_ORDER + WEEKEND_ORDER)];
        int i = 0;
        for (int k = 1; k <= DAILY_ORDER; k++) {
            f[i++] = Math.sin(2 * Math.PI * k * day);
            f[i++] = Math.cos(2 * Math.PI * k * day);
        }
        for (int k = 1; k <= WEEKLY_ORDER; k++) {
            f[i++] = Math.sin(2 * Math.PI * k * week);
            f[i++] = Math.cos(2 * Math.PI * k * week);
        }
        for (int k = 1; k <= WEEKEND_ORDER; k++) {
            f[i++] = weekend ? Math.sin(2 * Math.PI * k * day) : 0;
            f[i++] = weekend ? Math.cos(2 * Math.PI * k * day) : 0;
        }
        return f;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
