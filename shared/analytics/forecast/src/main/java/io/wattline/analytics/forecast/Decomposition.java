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
 * local hour by that hour's own ({@link HourlySpread}), and, as the API gives them, at least as wide as what training
 * learnt out of sample ({@link OutOfSample}: the held-out tail's error, the weather guess's errors by lead).
 *
 * <p>With outdoor temperatures (Prophet's extra regressors) the model adds a weather term W, the same in both modes
 * (y = T + S + W, or T × (1 + S) + W): a piecewise-linear response to the temperature, hinges of heating degrees
 * below and cooling degrees above a few fixed bases ({@link #HEATING_BASES_C}, {@link #COOLING_BASES_C}), ridge-held
 * like the seasonality. Heating and cooling loads follow the weather, which the clock cannot foresee; forecasting
 * then needs the temperatures of the hours ahead (a weather forecast, or a guess from the days before); outside the
 * temperatures it was fitted on, its intervals widen ({@link Model#extrapolationSpread}).
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
     * 2026-12-06: one spread for every hour); {@code temperatureRange} the lowest and highest temperature a weather model
     * was fitted on (null for a clock-only model, and in weather models trained before it was kept: their intervals do
     * not widen outside it).
     */
    public record Model(Mode mode, String zone, long t0, double scale, double[] changepoints, double[] trend,
                        double[] seasonal, double sigma, int trainingPoints, double[] weather, double[] hourSpread,
                        double[] temperatureRange) {

        public Model(Mode mode, String zone, long t0, double scale, double[] changepoints, double[] trend,
                     double[] seasonal, double sigma, int trainingPoints) {
            this(mode, zone, t0, scale, changepoints, trend, seasonal, sigma, trainingPoints, null, null, null);
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
         * {@link #usesWeather() uses the weather} (ignored otherwise). At a temperature outside the range the model was
         * fitted on, the interval also holds the extrapolation's uncertainty ({@link #extrapolationSpread}).
         */
        public Forecast forecast(long[] epochSeconds, double[] outdoorC, double confidence) {
            return forecast(epochSeconds, outdoorC, null, epochSeconds.length == 0 ? 0 : epochSeconds[0], OutOfSample.NONE,
                    confidence);
        }

        /**
         * The forecast as the API answers it: the point forecast at the given temperatures, and at each step an interval
         * of ± z·s with s² = max(h, √(σ² + w²))² + x², where
         * <ul>
         *   <li>σ is the fit's own spread at the step's local hour ({@link #spread});</li>
         *   <li>h the held-out tail's RMSE at that hour, on every step of a clock-only model and on the guessed steps of
         *       a weather model (it was measured with guessed temperatures; a stored weather forecast is better);</li>
         *   <li>w the weather term's change if the step's guessed temperature is off as guesses were at the step's
         *       {@link TemperatureGuess#lead lead} from {@code start} ({@link #weatherChange}): on the guessed steps of a
         *       weather model, and on every step with a temperature of a clock-only model with
         *       {@link OutOfSample#weatherResponse() a weather response};</li>
         *   <li>x the extrapolation's uncertainty where a weather model's temperature lies outside the range it was
         *       fitted on ({@link #extrapolationSpread}).</li>
         * </ul>
         * h and √(σ² + w²) both measure what a guessed temperature costs, once on a held-out week and once through the
         * record of the guess's errors, so the larger counts; x was in neither.
         *
         * @param outdoorC the temperature at each step: every one for a weather model; for a clock-only model used only
         *                 by its weather response, where finite (null: none)
         * @param guessed  whether each step's temperature is guessed (null: none is)
         * @param start    the instant the guesses are made at (the end of the record they are guessed from)
         */
        public Forecast forecast(long[] epochSeconds, double[] outdoorC, boolean[] guessed, long start, OutOfSample learnt,
                                 double confidence) {
            if (usesWeather() && (outdoorC == null || outdoorC.length != epochSeconds.length)) {
                throw new IllegalArgumentException("this model needs the outdoor temperature of every forecast step");
            }
            ZoneRules rules = ZoneId.of(zone).getRules();
            double z = Normal.twoSided(confidence);
            int n = epochSeconds.length;
            double[] mean = new double[n], lo = new double[n], hi = new double[n], factor = spread(epochSeconds, 1);
            for (int i = 0; i < n; i++) {
                double tr = dot(trend, trendFeatures(epochSeconds[i], t0, scale, changepoints));
                double se = dot(seasonal, seasonalFeatures(epochSeconds[i], rules));
                mean[i] = mode == Mode.ADDITIVE ? tr + se : tr * (1 + se);
                if (usesWeather()) mean[i] += dot(weather, weatherFeatures(outdoorC[i]));
                boolean guess = guessed != null && guessed[i];
                double c = outdoorC == null ? Double.NaN : outdoorC[i];
                double own = sigma * factor[i], w = 0, x = 0;
                double[] response = usesWeather() ? (guess ? weather : null) : learnt.weatherResponse();
                if (response != null && Double.isFinite(c)) {
                    w = weatherChange(response, c, learnt.guessErrorsAt(TemperatureGuess.lead(epochSeconds[i], start)));
                }
                double s = Math.sqrt(own * own + w * w);
                // a held-out error that is not a positive number (a tail it could not measure) holds nothing
                Double h = learnt.heldOutRmse();
                if (h != null && Double.isFinite(h) && h > 0 && (!usesWeather() || guess)) s = Math.max(s, h * factor[i]);
                if (usesWeather()) x = extrapolationSpread(c);
                s = Math.sqrt(s * s + x * x);
                lo[i] = mean[i] - z * s;
                hi[i] = mean[i] + z * s;
            }
            return new Forecast(mean, lo, hi, confidence);
        }

        /**
         * The uncertainty of the weather term at a temperature outside the range the model was fitted on: the term
         * goes on linearly there, where a real load may level off (a heating plant at full power) or climb faster, and
         * nothing in the history says which. One standard deviation per degree outside is the steepest response the
         * model learnt anywhere within its range, so the 95 % interval holds both a response that stops at the edge and
         * one twice as steep as the one extrapolated. 0 inside the range, for a clock-only model, and for models
         * trained before the range was kept.
         */
        public double extrapolationSpread(double outdoorC) {
            if (!usesWeather() || temperatureRange == null || !Double.isFinite(outdoorC)) return 0;
            double lowest = temperatureRange[0], highest = temperatureRange[1];
            double outside = outdoorC < lowest ? lowest - outdoorC : outdoorC > highest ? outdoorC - highest : 0;
            return outside == 0 ? 0 : outside * steepestResponse(weather, lowest, highest);
        }
    }

    /**
     * How much a weather term (its coefficients, {@link #weatherFeatures}) moves at a guessed temperature if the guess
     * is off as it was before: the root mean square of its change over {@code guessErrors} (guess − actual, so the
     * actual is the guess − e); 0 without errors.
     */
    public static double weatherChange(double[] coefficients, double guessedC, double[] guessErrors) {
        if (guessErrors == null || guessErrors.length == 0) return 0;
        double at = dot(coefficients, weatherFeatures(guessedC)), squares = 0;
        for (double e : guessErrors) {
            double change = dot(coefficients, weatherFeatures(guessedC - e)) - at;
            squares += change * change;
        }
        return Math.sqrt(squares / guessErrors.length);
    }

    /** The steepest slope (absolute, per °C) of a weather term between two temperatures: it is linear between its hinges. */
    static double steepestResponse(double[] coefficients, double fromC, double toC) {
        double[] points = new double[HEATING_BASES_C.length + COOLING_BASES_C.length + 2];
        int k = 0;
        points[k++] = fromC;
        points[k++] = toC;
        for (double b : HEATING_BASES_C) points[k++] = Math.min(toC, Math.max(fromC, b));
        for (double b : COOLING_BASES_C) points[k++] = Math.min(toC, Math.max(fromC, b));
        java.util.Arrays.sort(points);
        double steepest = 0;
        for (int i = 1; i < points.length; i++) {
            double width = points[i] - points[i - 1];
            if (width <= 1e-9) continue;
            double slope = (dot(coefficients, weatherFeatures(points[i])) - dot(coefficients, weatherFeatures(points[i - 1]))) / width;
            steepest = Math.max(steepest, Math.abs(slope));
        }
        return steepest;
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
        double[] range = null;
        if (outdoorC != null) {
            range = new double[]{Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (double c : outdoorC) {
                range[0] = Math.min(range[0], c);
                range[1] = Math.max(range[1], c);
            }
        }
        Model shell = new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, 0, n, w, null, null);
        double[] fitted = shell.forecast(epochSeconds, outdoorC, 0.5).mean();
        double ss = 0;
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = y[i] - fitted[i];
            ss += residuals[i] * residuals[i];
        }
        double sigma = Math.sqrt(ss / Math.max(1, n - (kt + ks + kw) / 2)); // penalised coefficients use fewer degrees of freedom
        return new Model(mode, zone.getId(), t0, scale, cps, trend, seasonal, sigma, n, w,
                HourlySpread.factors(residuals, epochSeconds, rules), range);
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
