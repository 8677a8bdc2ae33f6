package io.wattline.analytics.forecast;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * Seasonal ARIMA (p, d, q)(P, D, Q)[s] estimated by conditional sum of squares (CSS): the series is differenced
 * d times and D times at lag s, the ARMA residuals of the differenced series are computed by recursion (zero
 * before the first usable point) and their sum of squares is minimised over the coefficients with Nelder-Mead.
 * The coefficients are searched through partial autocorrelations ({@code tanh} of free parameters, then the
 * Durbin-Levinson recursion), so every fitted model is stationary and invertible (Monahan 1984; statsmodels does
 * the same). Forecasts expand the whole model into one AR and one MA polynomial; the h-step variance is
 * σ²·Σψ², with ψ the model's MA(∞) weights (each innovation's σ² scaled for its local hour where the fit was given
 * the instants: {@link HourlySpread}), and intervals are normal at the asked confidence.
 *
 * <p>An hourly load repeats by the day and the week: a plain ARIMA(1,1,1) forecasts it as a flat line within a
 * few hours. {@link Order#withSeason} therefore adds the seasonal part the request left out: (0, 1, 1) at the
 * week when the history holds enough weeks, else at the day, and counts its difference toward the requested d.
 */
public final class Arima {
    public static final int MAX_P = 5, MAX_D = 2, MAX_Q = 5;
    /** Points beyond the lags every fit needs, so that the residual sum of squares means something. */
    static final int MIN_FREE_POINTS = 48;

    private Arima() {}

    /** A model order; {@code period} 0 means no seasonal part. */
    public record Order(int p, int d, int q, int seasonalP, int seasonalD, int seasonalQ, int period) {
        public Order {
            if (p < 0 || p > MAX_P || d < 0 || d > MAX_D || q < 0 || q > MAX_Q) {
                throw new IllegalArgumentException("p and q must be 0.." + MAX_P + ", d 0.." + MAX_D);
            }
            if (seasonalP < 0 || seasonalP > 1 || seasonalD < 0 || seasonalD > 1 || seasonalQ < 0 || seasonalQ > 1) {
                throw new IllegalArgumentException("P, D and Q must be 0 or 1");
            }
            if (period < 0 || period == 1) throw new IllegalArgumentException("period must be 0 (none) or at least 2");
            if (period == 0 && (seasonalP | seasonalD | seasonalQ) != 0) {
                throw new IllegalArgumentException("seasonal terms need a period");
            }
        }

        public static Order of(int p, int d, int q) {
            return new Order(p, d, q, 0, 0, 0, 0);
        }

        /**
         * The order with the seasonal part (0, 1, 1) added at the week ({@code 7 × stepsPerDay}) if {@code points}
         * cover it, else at the day (the caller then reports the day's need). The seasonal difference 1 − Bˢ holds
         * the first difference 1 − B as a factor (1 − Bˢ = (1 − B)(1 + B + … + Bˢ⁻¹)), so it already removes one unit
         * root at frequency zero: the added one counts toward {@code d}, and the series is differenced
         * {@code max(d − 1, 0)} more times. Differencing both ways over-differences: at the default d = 1 the
         * forecast of (1,1,1)(0,1,1)[168] drifts with the last hours' week-on-week change and its interval widens
         * hour by hour (the seasonal difference alone widens it by the week), where (1,0,1)(0,1,1)[168] forecast the demo plant and nyc_taxi over 8 rolling weeks with
         * 0.81 of the seasonal naive's RMSE (geometric mean over 9 series, every one at most the naive's) against
         * 0.94 (6 of 9), and covered 93 % instead of 96 % with its 95 % intervals (docs/FORECAST.md).
         */
        public static Order withSeason(int p, int d, int q, int stepsPerDay, int points) {
            int rest = Math.max(d - 1, 0);
            Order weekly = new Order(p, rest, q, 0, 1, 1, 7 * stepsPerDay);
            if (points >= weekly.minimumHistory()) return weekly;
            return new Order(p, rest, q, 0, 1, 1, stepsPerDay);
        }

        int parameters() {
            return p + q + seasonalP + seasonalQ;
        }

        /** The fewest points a fit of this order accepts: every lag it conditions on, plus {@value #MIN_FREE_POINTS}. */
        public int minimumHistory() {
            return d + seasonalD * period + p + seasonalP * period + q + seasonalQ * period
                    + Math.max(MIN_FREE_POINTS, 10 * (parameters() + 1));
        }

        /** ARIMA(1,0,1)(0,1,1)[168]. */
        public String label() {
            String s = "ARIMA(" + p + "," + d + "," + q + ")";
            return period == 0 ? s : s + "(" + seasonalP + "," + seasonalD + "," + seasonalQ + ")[" + period + "]";
        }
    }

    /**
     * A fitted model and what forecasting needs: the coefficients, the mean of the differenced series (only
     * estimated when nothing is differenced), the innovation variance, the last values of the series and of the
     * residuals, and the factor of the innovations' spread in each hour of {@link HourlySpread} (null for a model
     * fitted without instants, or trained before 2026-12-06: one spread for every hour). The factors are of the local
     * hours of the zone the fit was given; forecasting takes the zone again (the factory's), so a factory whose zone
     * changes applies them to other hours until the model is trained again.
     */
    public record Model(Order order, double[] ar, double[] ma, double[] seasonalAr, double[] seasonalMa, double mean,
                        double sigma2, double[] lastValues, double[] lastResiduals, int trainingPoints, double[] hourSpread) {

        /**
         * The model with newer observations filtered in (coefficients unchanged, no re-estimation): each value's
         * residual is its one-step forecast error. A NaN (a missing observation) takes its forecast, residual 0.
         */
        public Model update(double[] values) {
            if (values.length == 0) return this;
            double[] a = fullAr(this), m = fullMa(this);
            int na = a.length - 1, nm = m.length - 1;
            double[] y = Arrays.copyOf(lastValues, na + values.length);
            double[] e = Arrays.copyOf(lastResiduals, nm + values.length);
            for (int h = 0; h < values.length; h++) {
                double predicted = 0;
                for (int i = 1; i <= na; i++) if (a[i] != 0) predicted -= a[i] * y[na + h - i];
                for (int j = 1; j <= nm; j++) if (m[j] != 0) predicted += m[j] * e[nm + h - j];
                double observed = Double.isNaN(values[h]) ? predicted : values[h] - mean;
                y[na + h] = observed;
                e[nm + h] = observed - predicted;
            }
            return new Model(order, ar, ma, seasonalAr, seasonalMa, mean, sigma2,
                    Arrays.copyOfRange(y, values.length, y.length), Arrays.copyOfRange(e, values.length, e.length),
                    trainingPoints, hourSpread);
        }

        /**
         * The values at the instants of the steps after the last observed one (one step apart), their intervals
         * following the spread of the fit's errors at each local hour ({@link HourlySpread}; the same spread at every
         * hour for a model fitted without instants).
         */
        public Forecast forecast(long[] epochSeconds, ZoneId zone, double confidence) {
            return forecast(epochSeconds.length, confidence, HourlySpread.at(hourSpread, epochSeconds, zone));
        }

        /** The next {@code steps} values with a central interval at {@code confidence}. */
        public Forecast forecast(int steps, double confidence) {
            return forecast(steps, confidence, null);
        }

        /**
         * As {@link #forecast(int, double)}, the variance of the innovation of step k (0: the first ahead) scaled by
         * {@code innovationScale[k]}² (null: 1): the error h steps ahead sums ψⱼ times the innovation of step h − j.
         */
        private Forecast forecast(int steps, double confidence, double[] innovationScale) {
            double[] a = fullAr(this), m = fullMa(this);
            int na = a.length - 1, nm = m.length - 1;
            double[] y = Arrays.copyOf(lastValues, na + steps);
            double[] e = Arrays.copyOf(lastResiduals, nm + steps);
            // align the two tails on the same "now": y[na - 1] and e[nm - 1] are the last observed step
            double[] mean = new double[steps];
            for (int h = 0; h < steps; h++) {
                double v = 0;
                for (int i = 1; i <= na; i++) if (a[i] != 0) v -= a[i] * y[na + h - i];
                for (int j = 1; j <= nm; j++) if (m[j] != 0) v += m[j] * e[nm + h - j];
                y[na + h] = v;
                mean[h] = v + this.mean;
            }
            double[] psi = psi(a, m, steps);
            double z = Normal.twoSided(confidence);
            double[] lo = new double[steps], hi = new double[steps];
            double cumulative = 0;
            for (int h = 0; h < steps; h++) {
                if (innovationScale == null) {
                    cumulative += psi[h] * psi[h];
                } else {
                    cumulative = 0;
                    for (int j = 0; j <= h; j++) cumulative += psi[j] * psi[j] * innovationScale[h - j] * innovationScale[h - j];
                }
                double half = z * Math.sqrt(sigma2 * cumulative);
                lo[h] = mean[h] - half;
                hi[h] = mean[h] + half;
            }
            return new Forecast(mean, lo, hi, confidence);
        }
    }

    /** Fits the order to the series (equally spaced, no gaps), one spread of errors at every hour. */
    public static Model fit(double[] series, Order order) {
        return fit(series, order, null, null);
    }

    /**
     * Fits the order to the series at the given instants (equally spaced, no gaps) and keeps how the one-step errors'
     * spread differs by the local hour ({@link HourlySpread}).
     */
    public static Model fit(double[] series, Order order, long[] epochSeconds, ZoneId zone) {
        if (epochSeconds != null && (epochSeconds.length != series.length || zone == null)) {
            throw new IllegalArgumentException("one instant per point, and a zone, for the hours' spread");
        }
        if (series.length < order.minimumHistory()) {
            throw new IllegalArgumentException("need at least " + order.minimumHistory() + " points for "
                    + order.label() + ", got " + series.length);
        }
        double[] w = difference(series, order);
        double mean = 0;
        if (order.d() + order.seasonalD() == 0) {
            for (double v : w) mean += v;
            mean /= w.length;
        }
        double[] centred = new double[w.length];
        for (int i = 0; i < w.length; i++) centred[i] = w[i] - mean;
        Css css = new Css(centred, order);
        double[] start = new double[order.parameters()];
        // AR starts from the sample partial autocorrelations; MA from zero
        double[] pacf = pacf(centred, Math.max(order.p(), 1));
        for (int i = 0; i < order.p(); i++) start[i] = atanh(clamp(pacf[i]));
        double[] x = NelderMead.minimise(css::sumOfSquares, start, 0.3, 400 * (start.length + 1), 1e-10);
        // a second pass from the first's optimum escapes early collapse of the simplex
        x = NelderMead.minimise(css::sumOfSquares, x, 0.05, 200 * (start.length + 1), 1e-12);
        Css.Coefficients c = css.coefficients(x);
        double[] residuals = css.residuals(c);
        double ss = 0;
        int used = 0;
        for (int t = css.conditioning; t < residuals.length; t++) {
            ss += residuals[t] * residuals[t];
            used++;
        }
        double sigma2 = ss / Math.max(1, used - order.parameters());
        double[] hourSpread = null;
        if (epochSeconds != null) {
            // residual t belongs to the point t + (what differencing removed) of the series
            int offset = series.length - residuals.length;
            double[] errors = new double[series.length];
            Arrays.fill(errors, Double.NaN);
            for (int t = css.conditioning; t < residuals.length; t++) errors[t + offset] = residuals[t];
            hourSpread = HourlySpread.factors(errors, epochSeconds, zone.getRules());
        }
        Model shell = new Model(order, c.ar, c.ma, c.sar, c.sma, mean, sigma2, new double[0], new double[0], series.length, null);
        int na = fullAr(shell).length - 1, nm = fullMa(shell).length - 1;
        double[] lastValues = new double[na];
        for (int i = 0; i < na; i++) lastValues[i] = series[series.length - na + i] - mean;
        // residuals of the differenced series are the model's residuals of the series, shifted by the differencing
        double[] lastResiduals = new double[nm];
        for (int i = 0; i < nm; i++) {
            int t = residuals.length - nm + i;
            lastResiduals[i] = t >= 0 ? residuals[t] : 0;
        }
        return new Model(order, c.ar, c.ma, c.sar, c.sma, mean, sigma2, lastValues, lastResiduals, series.length, hourSpread);
    }

    static double[] difference(double[] y, Order o) {
        double[] w = y.clone();
        for (int k = 0; k < o.d(); k++) w = lagDifference(w, 1);
        for (int k = 0; k < o.seasonalD(); k++) w = lagDifference(w, o.period());
        return w;
    }

    private static double[] lagDifference(double[] w, int lag) {
        double[] out = new double[w.length - lag];
        for (int i = 0; i < out.length; i++) out[i] = w[i + lag] - w[i];
        return out;
    }

    /** The AR polynomial of the whole model, differencing included, as 1 + a₁B + a₂B² + … */
    static double[] fullAr(Model m) {
        double[] poly = multiply(arPoly(m.ar(), 1), arPoly(m.seasonalAr(), m.order().period()));
        for (int k = 0; k < m.order().d(); k++) poly = multiply(poly, new double[]{1, -1});
        for (int k = 0; k < m.order().seasonalD(); k++) poly = multiply(poly, seasonalDifference(m.order().period()));
        return poly;
    }

    /** The MA polynomial of the whole model, 1 + m₁B + … */
    static double[] fullMa(Model m) {
        return multiply(maPoly(m.ma(), 1), maPoly(m.seasonalMa(), m.order().period()));
    }

    private static double[] seasonalDifference(int s) {
        double[] p = new double[s + 1];
        p[0] = 1;
        p[s] = -1;
        return p;
    }

    /** 1 − φ₁B^lag − φ₂B^(2·lag) … */
    static double[] arPoly(double[] phi, int lag) {
        double[] p = new double[phi.length * lag + 1];
        p[0] = 1;
        for (int i = 0; i < phi.length; i++) p[(i + 1) * lag] = -phi[i];
        return p;
    }

    /** 1 + θ₁B^lag + … */
    static double[] maPoly(double[] theta, int lag) {
        double[] p = new double[theta.length * lag + 1];
        p[0] = 1;
        for (int i = 0; i < theta.length; i++) p[(i + 1) * lag] = theta[i];
        return p;
    }

    static double[] multiply(double[] a, double[] b) {
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) continue;
            for (int j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
        }
        return out;
    }

    /** MA(∞) weights ψ₀…ψ_{n−1} of the model A(B) y = M(B) e. */
    static double[] psi(double[] a, double[] m, int n) {
        double[] psi = new double[n];
        for (int j = 0; j < n; j++) {
            double v = j == 0 ? 1 : j < m.length ? m[j] : 0;
            for (int i = 1; i <= Math.min(j, a.length - 1); i++) if (a[i] != 0) v -= a[i] * psi[j - i];
            psi[j] = v;
        }
        return psi;
    }

    /** Coefficients of a stationary AR polynomial from partial autocorrelations (Durbin-Levinson). */
    static double[] fromPartial(double[] r) {
        double[] a = new double[r.length];
        double[] prev = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            a[k] = r[k];
            for (int j = 0; j < k; j++) a[j] = prev[j] - r[k] * prev[k - 1 - j];
            System.arraycopy(a, 0, prev, 0, k + 1);
        }
        return a;
    }

    /** Sample partial autocorrelations at lags 1..k (Durbin-Levinson on the sample autocorrelations). */
    static double[] pacf(double[] x, int k) {
        int n = x.length;
        double[] acf = new double[k + 1];
        for (int lag = 0; lag <= k; lag++) {
            double s = 0;
            for (int t = lag; t < n; t++) s += x[t] * x[t - lag];
            acf[lag] = s;
        }
        double[] out = new double[k];
        if (acf[0] == 0) return out;
        for (int lag = 1; lag <= k; lag++) acf[lag] /= acf[0];
        double[] phi = new double[k + 1], prev = new double[k + 1];
        double v = 1;
        for (int m = 1; m <= k; m++) {
            double num = acf[m];
            for (int j = 1; j < m; j++) num -= prev[j] * acf[m - j];
            double r = v == 0 ? 0 : num / v;
            phi[m] = r;
            for (int j = 1; j < m; j++) phi[j] = prev[j] - r * prev[m - j];
            v *= 1 - r * r;
            out[m - 1] = r;
            System.arraycopy(phi, 0, prev, 0, k + 1);
        }
        return out;
    }

    private static double clamp(double r) {
        return Math.max(-0.95, Math.min(0.95, r));
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }

    /** The CSS objective of one differenced series and order. */
    private static final class Css {
        record Coefficients(double[] ar, double[] ma, double[] sar, double[] sma) {}

        final double[] w;
        final Order order;
        final int conditioning;

        Css(double[] w, Order order) {
            this.w = w;
            this.order = order;
            this.conditioning = order.p() + order.seasonalP() * order.period();
        }

        Coefficients coefficients(double[] x) {
            int i = 0;
            double[] ar = fromPartial(tanh(x, i, order.p()));
            i += order.p();
            double[] ma = negate(fromPartial(tanh(x, i, order.q())));
            i += order.q();
            double[] sar = fromPartial(tanh(x, i, order.seasonalP()));
            i += order.seasonalP();
            double[] sma = negate(fromPartial(tanh(x, i, order.seasonalQ())));
            return new Coefficients(ar, ma, sar, sma);
        }

        double[] residuals(Coefficients c) {
            int s = Math.max(order.period(), 1);
            double[] ar = multiply(arPoly(c.ar, 1), arPoly(c.sar, s));
            double[] ma = multiply(maPoly(c.ma, 1), maPoly(c.sma, s));
            int[] arLags = nonZero(ar), maLags = nonZero(ma);
            double[] e = new double[w.length];
            for (int t = conditioning; t < w.length; t++) {
                double v = w[t];
                for (int i : arLags) v += ar[i] * w[t - i];
                for (int j : maLags) if (t - j >= 0) v -= ma[j] * e[t - j];
                e[t] = v;
            }
            return e;
        }

        double sumOfSquares(double[] x) {
            double[] e = residuals(coefficients(x));
            double ss = 0;
            for (int t = conditioning; t < e.length; t++) ss += e[t] * e[t];
            return Double.isFinite(ss) ? ss : Double.MAX_VALUE;
        }

        private static int[] nonZero(double[] poly) {
            return java.util.stream.IntStream.range(1, poly.length).filter(i -> poly[i] != 0).toArray();
        }

        /** Partial autocorrelations strictly inside (−1, 1), kept off the boundary where CSS degenerates. */
        private static double[] tanh(double[] x, int from, int n) {
            double[] r = new double[n];
            for (int k = 0; k < n; k++) r[k] = 0.995 * Math.tanh(x[from + k]);
            return r;
        }

        private static double[] negate(double[] a) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) out[i] = -a[i];
            return out;
        }
    }
}
