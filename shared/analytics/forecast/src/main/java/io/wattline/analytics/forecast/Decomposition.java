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
 * the trend, trend given the seasonality). Intervals are normal with the residual spread of the fit, scaled for each
 * local hour by that hour's own ({@link HourlySpread}).
 *
 * <p>With outdoor temperatures (Prophet's extra regressors) the model adds a weather term W, the same in both modes
 * (y = T + S + W, or T × (1 + S) + W): a piecewise-linear response to the temperature, hinges of heating degrees
 * below and cooling degrees above a few fixed bases ({@link #HEATING_BASES_C}, {@link #COOLING_BASES_C}), ridge-held
 * like the seasonality. Heating and cooling loads follow the weather, which the clock cannot foresee; forecasting
 * then needs the temperatures of the hours ahead (a weather forecast, or a guess from the days before).
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
    /** Hinges of the weather term (°C): heating degrees below each of these, cooling degrees above each of those. */
    public static final double[] HEATING_BASES_C = {8, 12, 16, 20}, COOLING_BASES_C = {16, 20, 24};
    /** Ridge weight of a weather coefficient, per point. */
    static final double WEATHER_PENALTY = 0.001;

    public enum Mode { ADDITIVE, MULTIPLICATIVE }

    /**
     * A fitted model: trend time is (epoch seconds − {@code t0}) / {@code scale}; {@code trend} holds the intercept,
     * the slope and one slope change per changepoint; {@code seasonal} the Fourier coefficients; {@code weather} the
     * weather term's coefficients ({@link #weatherFeatures}), null for a model fitted without temperatures;
     * {@code hourSpread} the factor of {@code sigma} in each hour of {@link HourlySpread} (null in models trained before
     * 2026-12-06: one spread for every hour).
     */
    public record Model(Mode mode, String zone, long t0, double scale, double[] changepoints, double[] trend,
                        double[] seasonal, double sigma, int trainingPoints, double[] weather, double[] hourSpread) {

        public Model(Mode mode, String zone, long t0, double scale, double[] changepoints, double[] trend,
                     double[] seasonal, double sigma, int trainingPoints) {
            this(mode, zone, t0, scale, changepoints, trend, seasonal, sigma, trainingPoints, null, null);
        }

        /**
         * {@code overall} (a spread measured over every hour, such as the fit's {@code sigma} or a held-out week's
         * error) at each instant: times the factor of its local hour.
         */
        public double[] spread(long[] epochSeconds, double overall) {
            double[] out = HourlySpread.at(hourSpread, epochSeconds, ZoneId.of(zone));
            for (int i = 0; i < out.length; i++) out[i] *= overall;
            return out;
        }

        /** Whether forecasting needs the outdoor temperatures of the hours ahead. */
        public boolean usesWeather() {
            return weather != null;
        }

        /** The forecast at the given instants with a central interval at {@code confidence}. */
        public Forecast forecast(long[] epochSeconds, double confidence) {
            return forecast(epochSeconds, null, confidence);
        }

        /**
         * As {@link #forecast(long[], double)}, with the outdoor temperature (°C) at each instant for a model that
         * {@link #usesWeather() uses the weather} (ignored otherwise).
         */
        public Forecast forecast(long[] epochSeconds, double[] outdoorC, double confidence) {
            if (usesWeather() && (outdoorC == null || outdoorC.length != epochSeconds.length)) {
                throw new IllegalArgumentException("this model needs the outdoor temperature of every forecast step");
            }
            ZoneRules rules = ZoneId.of(zone).getRules();
            double z = Normal.twoSided(confidence);
            int n = epochSeconds.length;
            double[] mean = new double[n], lo = new double[n], hi = new double[n], spread = spread(epochSeconds, sigma);
            for (int i = 0; i < n; i++) {
                double tr = dot(trend, trendFeatures(epochSeconds[i], t0, scale, changepoints));
                double se = dot(seasonal, seasonalFeatures(epochSeconds[i], rules));
                mean[i] = mode == Mode.ADDITIVE ? tr + se : tr * (1 + se);
                if (usesWeather()) mean[i] += dot(weather, weatherFeatures(outdoorC[i]));
                lo[i] = mean[i] - z * spread[i];
                hi[i] = mean[i] + z * spread[i];
            }
            return new Forecast(mean, lo, hi, confidence);
        }

        /**
         * Per step, the spread of a forecast whose temperature is guessed: the fit's own ({@code sigma} at the step's hour) and the weather
         * term's change if the guess is off as it was before (by each of {@code guessErrors}, guess − actual,
         * {@link TemperatureGuess#pastErrors}), together as √(σ² + mean square change); 0 where the step's temperature
         * is not guessed, and everywhere for a model without the weather or without known errors.
         */
        public double[] guessedSpread(long[] epochSeconds, double[] outdoorC, boolean[] guessed, double[] guessErrors) {
            double[] spread = new double[outdoorC.length];
            if (!usesWeather() || guessErrors == null || guessErrors.length == 0) return spread;
            double[] own = spread(epochSeconds, sigma);
            for (int i = 0; i < spread.length; i++) {
                if (!guessed[i] || !Double.isFinite(outdoorC[i])) continue;
                double at = dot(weather, weatherFeatures(outdoorC[i])), squares = 0;
                for (double e : guessErrors) {
                    double change = dot(weather, weatherFeatures(outdoorC[i] - e)) - at;
                    squares += change * change;
                }
                spread[i] = Math.sqrt(own[i] * own[i] + squares / guessErrors.length);
            }
            return spread;
        }
    }

    private Decomposition() {}

    /** The fewest points a fit accepts: two full weeks of the given step, so that the weekly terms are seen twice. */
    public static int minimumHistory(int stepsPerDay) {
        return 14 * stepsPerDay;
    }

    /** Fits the model to values at the given instants (any spacing; gaps allowed). */
    public static Model fit(long[] epochSeconds, double[] y, ZoneId zone, Mode mode) {
        return fit(epochSeconds, y, null, zone, mode);
    }

    /**
     * As {@link #fit(long[], double[], ZoneId, Mode)}, with a weather term when {@code outdoorC} (the outdoor
     * temperature at each instant, no NaN) is given.
     */
    public static Model fit(long[] epochSeconds, double[] y, double[] outdoorC, ZoneId zone, Mode mode) {
        int n = y.length;
        if (n < 2) throw new IllegalArgumentException("need at least 2 points");
        if (outdoorC != null && outdoorC.length != n) throw new IllegalArgumentException("one temperature per point");
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
        double[][] xw = new double[n][];
        for (int i = 0; i < n; i++) xw[i] = outdoorC == null ? new double[0] : weatherFeatures(outdoorC[i]);
        int kt = xt[0].length, ks = xs[0].length, kw = xw[0].length;
        double[] trendPenalty = new double[kt], seasonalPenalty = new double[ks], weatherPenalty = new double[kw];
        for (int j = 2; j < kt; j++) trendPenalty[j] = CHANGEPOINT_PENALTY * n;
        java.util.Arrays.fill(seasonalPenalty, SEASONAL_PENALTY * n);
        java.util.Arrays.fill(weatherPenalty, WEATHER_PENALTY * n);

        // additive fit of every part at once
        double[] beta = Ridge.solve(concat(xt, xs, xw), y, concat(trendPenalty, seasonalPenalty, weatherPenalty));
        double[] trend = java.util.Arrays.copyOfRange(beta, 0, kt), seasonal = java.util.Arrays.copyOfRange(beta, kt, kt + ks);
        double[] weather = java.util.Arrays.copyOfRange(beta, kt + ks, kt + ks + kw);

        if (mode == Mode.MULTIPLICATIVE) {
            double level = 0;
            for (double v : y) level += Math.abs(v);
            level = Math.max(level / n, 1e-9);
            for (int j = 0; j < ks; j++) seasonal[j] /= level;
            for (int round = 0; round < MULTIPLICATIVE_ROUNDS; round++) {
                // seasonality given the trend (and the weather): y − T − W = T · S
                double[][] xm = new double[n][ks];
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    double tr = dot(trend, xt[i]);
                    for (int j = 0; j < ks; j++) xm[i][j] = tr * xs[i][j];
                    r[i] = y[i] - tr - dot(weather, xw[i]);
                }
                double[] sp = new double[ks];
                java.util.Arrays.fill(sp, SEASONAL_PENALTY * n * level * level);
                seasonal = Ridge.solve(xm, r, sp);
                // trend and weather given the seasonality: y = (1 + S) · T + W
                double[][] xk = new double[n][kt];
                for (int i = 0; i < n; i++) {
                    double f = 1 + dot(seasonal, xs[i]);
                    for (int j = 0; j < kt; j++) xk[i][j] = f * xt[i][j];
                }
                double[] tw = Ridge.solve(concat(xk, xw), y, concat(trendPenalty, weatherPenalty));
                trend = java.util.Arrays.copyOfRange(tw, 0, kt);
                weather = java.util.Arrays.copyOfRange(tw, kt, kt + kw);
            }
        }
        double[] w = outdoorC == null ? null : weather;
        Model shell = new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, 0, n, w, null);
        double[] fitted = shell.forecast(epochSeconds, outdoorC, 0.5).mean();
        double ss = 0;
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = y[i] - fitted[i];
            ss += residuals[i] * residuals[i];
        }
        double sigma = Math.sqrt(ss / Math.max(1, n - (kt + ks + kw) / 2)); // penalised coefficients use fewer degrees of freedom
        return new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, sigma, n, w,
                HourlySpread.factors(residuals, epochSeconds, rules));
    }

    /** The weather term's features at a temperature: heating degrees below each heating base, cooling above each cooling base. */
    static double[] weatherFeatures(double outdoorC) {
        double[] f = new double[HEATING_BASES_C.length + COOLING_BASES_C.length];
        int i = 0;
        for (double b : HEATING_BASES_C) f[i++] = Math.max(0, b - outdoorC);
        for (double b : COOLING_BASES_C) f[i++] = Math.max(0, outdoorC - b);
        return f;
    }

    /** Rows side by side. */
    private static double[][] concat(double[][]... parts) {
        int n = parts[0].length;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[][] row = new double[parts.length][];
            for (int p = 0; p < parts.length; p++) row[p] = parts[p][i];
            out[i] = concat(row);
        }
        return out;
    }

    private static double[] concat(double[]... parts) {
        int k = 0;
        for (double[] p : parts) k += p.length;
        double[] out = new double[k];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
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
        long local = HourlySpread.localSeconds(epochSecond, rules);
        double day = Math.floorMod(local, 86_400L) / 86_400.0;
        // 1970-01-01 was a Thursday: shift so that the week starts on Monday
        double week = Math.floorMod(local + 3 * 86_400L, 7 * 86_400L) / (7 * 86_400.0);
        boolean weekend = HourlySpread.weekday(local) >= 5;
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
