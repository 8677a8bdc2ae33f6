package io.wattline.analytics.detect;

import java.util.Arrays;

/**
 * Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning, 1990), as R's {@code stl} runs
 * it with {@code s.window = "periodic"} and {@code robust = TRUE}: a degree-0 seasonal smoother as wide as the
 * series (so each phase's seasonal value is the robustly weighted mean of its cycle-subseries), trend window
 * {@code nextodd(ceil(1.5 period / (1 - 1.5 / s.window)))}, low-pass window {@code nextodd(period)}, jumps of a
 * tenth of each window, one inner and fifteen robustness iterations. Unlike R's {@code stl()} wrapper, the seasonal
 * values are not averaged per phase at the end: Azure's univariate engine decomposes with a port of R's routine
 * that leaves them as the routine returns them, and {@link AzureLast}, which follows the engine, matches its
 * answers only so.
 */
public final class Stl {
    static final int INNER = 1, OUTER = 15;

    private Stl() {}

    /** A decomposition: {@code value = seasonal + trend + remainder} at every point. */
    public record Result(double[] seasonal, double[] trend, double[] remainder) {}

    public static Result periodic(double[] y, int period) {
        int n = y.length;
        int np = Math.max(2, period);
        int ns = 10 * n + 1;
        int nt = nextOdd((int) Math.ceil(1.5 * np / (1 - 1.5 / ns)));
        int nl = nextOdd(np);
        int nsjump = (int) Math.ceil(ns / 10.0), ntjump = (int) Math.ceil(nt / 10.0), nljump = (int) Math.ceil(nl / 10.0);
        double[] trend = new double[n], season = new double[n], rw = new double[n];
        boolean userw = false;
        for (int k = 0; ; k++) {
            step(y, n, np, ns, nt, nl, 0, 1, 1, nsjump, ntjump, nljump, INNER, userw, rw, season, trend);
            if (k + 1 > OUTER) break;
            double[] fit = new double[n];
            for (int i = 0; i < n; i++) fit[i] = trend[i] + season[i];
            robustnessWeights(y, fit, rw);
            userw = true;
        }
        // R's stl() then averages the seasonal values per phase; the port Azure's engine decomposes with does not,
        // and its answers are matched only without that step (azure-dev: last/detect expected values within 0.01 %)
        double[] remainder = new double[n];
        for (int i = 0; i < n; i++) remainder[i] = y[i] - season[i] - trend[i];
        return new Result(season, trend, remainder);
    }

    static int nextOdd(int x) {
        return x % 2 == 0 ? x + 1 : x;
    }

    private static void step(double[] y, int n, int np, int ns, int nt, int nl, int isdeg, int itdeg, int ildeg,
                             int nsjump, int ntjump, int nljump, int ni, boolean userw, double[] rw, double[] season,
                             double[] trend) {
        double[] w1 = new double[n + 2 * np], w2 = new double[n + 2 * np], w3 = new double[n + 2 * np];
        for (int j = 0; j < ni; j++) {
            for (int i = 0; i < n; i++) w1[i] = y[i] - trend[i];
            subseries(w1, n, np, ns, isdeg, nsjump, userw, rw, w2);
            lowPass(w2, n + 2 * np, np, w3);
            double[] low = new double[n];
            loess(w3, n, nl, ildeg, nljump, false, null, low);
            for (int i = 0; i < n; i++) season[i] = w2[np + i] - low[i];
            double[] deseason = new double[n];
            for (int i = 0; i < n; i++) deseason[i] = y[i] - season[i];
            loess(deseason, n, nt, itdeg, ntjump, userw, rw, trend);
        }
    }

    /** Bisquare weights of the residuals, scaled by six times their median (R's stlrwt). */
    private static void robustnessWeights(double[] y, double[] fit, double[] rw) {
        int n = y.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.abs(y[i] - fit[i]);
        double[] sorted = r.clone();
        Arrays.sort(sorted);
        int mid1 = (n + 1) / 2 - 1, mid2 = n / 2;
        double cmad = 3 * (sorted[mid1] + sorted[mid2]);
        double c9 = 0.999 * cmad, c1 = 0.001 * cmad;
        for (int i = 0; i < n; i++) {
            if (r[i] <= c1) rw[i] = 1;
            else if (r[i] <= c9) {
                double t = r[i] / cmad, u = 1 - t * t;
                rw[i] = u * u; // bisquare
            }
            else rw[i] = 0;
        }
    }

    /** Smooths each cycle-subseries and extends it by one value at each end (R's stlss); out has n + 2 np values. */
    private static void subseries(double[] y, int n, int np, int ns, int isdeg, int nsjump, boolean userw, double[] rw,
                                  double[] out) {
        for (int j = 0; j < np; j++) {
            int k = (n - j - 1) / np + 1;
            double[] sub = new double[k], subw = new double[k], smooth = new double[k + 2];
            for (int i = 0; i < k; i++) {
                sub[i] = y[i * np + j];
                if (userw) subw[i] = rw[i * np + j];
            }
            double[] inner = new double[k];
            loess(sub, k, ns, isdeg, nsjump, userw, subw, inner);
            System.arraycopy(inner, 0, smooth, 1, k);
            int nright = Math.min(ns, k);
            Double left = estimate(sub, k, ns, isdeg, 0, 1, nright, userw, subw);
            smooth[0] = left != null ? left : smooth[1];
            int nleft = Math.max(1, k - ns + 1);
            Double right = estimate(sub, k, ns, isdeg, k + 1, nleft, k, userw, subw);
            smooth[k + 1] = right != null ? right : smooth[k];
            for (int m = 0; m < k + 2; m++) out[m * np + j] = smooth[m];
        }
    }

    /** Moving averages of lengths np, np and 3 (R's stlfts): n values from n + 2 np. */
    private static void lowPass(double[] x, int n, int np, double[] out) {
        double[] a = movingAverage(x, n, np);
        double[] b = movingAverage(a, n - np + 1, np);
        double[] c = movingAverage(b, n - 2 * np + 2, 3);
        System.arraycopy(c, 0, out, 0, c.length);
    }

    private static double[] movingAverage(double[] x, int n, int len) {
        int m = n - len + 1;
        double[] ave = new double[m];
        double v = 0;
        for (int i = 0; i < len; i++) v += x[i];
        ave[0] = v / len;
        for (int j = 1; j < m; j++) {
            v = v - x[j - 1] + x[len + j - 1];
            ave[j] = v / len;
        }
        return ave;
    }

    /** Loess of y (positions 1..n) at every position, computed every njump and interpolated between (R's stless). */
    private static void loess(double[] y, int n, int len, int ideg, int njump, boolean userw, double[] rw, double[] ys) {
        if (n < 2) {
            ys[0] = y[0];
            return;
        }
        int newnj = Math.min(njump, n - 1);
        if (len >= n) {
            for (int i = 1; i <= n; i += newnj) fit(y, n, len, ideg, i, 1, n, userw, rw, ys);
        } else if (newnj == 1) {
            int nsh = (len + 1) / 2, nleft = 1, nright = len;
            for (int i = 1; i <= n; i++) {
                if (i > nsh && nright != n) {
                    nleft++;
                    nright++;
                }
                fit(y, n, len, ideg, i, nleft, nright, userw, rw, ys);
            }
        } else {
            int nsh = (len + 1) / 2;
            for (int i = 1; i <= n; i += newnj) {
                int nleft, nright;
                if (i < nsh) {
                    nleft = 1;
                    nright = len;
                } else if (i >= n - nsh + 1) {
                    nleft = n - len + 1;
                    nright = n;
                } else {
                    nleft = i - nsh + 1;
                    nright = len + i - nsh;
                }
                fit(y, n, len, ideg, i, nleft, nright, userw, rw, ys);
            }
        }
        if (newnj != 1) {
            for (int i = 1; i <= n - newnj; i += newnj) {
                double delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                for (int j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
            }
            int k = ((n - 1) / newnj) * newnj + 1;
            if (k != n) {
                fit(y, n, len, ideg, n, Math.max(1, n - len + 1), n, userw, rw, ys);
                if (k != n - 1) {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
                }
            }
        }
    }

    private static void fit(double[] y, int n, int len, int ideg, int xs, int nleft, int nright, boolean userw, double[] rw,
                            double[] ys) {
        Double v = estimate(y, n, len, ideg, xs, nleft, nright, userw, rw);
        ys[xs - 1] = v != null ? v : y[xs - 1];
    }

    /**
     * The local (degree 0 or 1) tricube-weighted fit at xs over positions nleft..nright (R's stlest); null if no weight.
     * One pass of weighted sums in coordinates centred on xs, instead of R's passes over a weight array (STL's hot loop:
     * loess runs a few hundred of these per pass over the series); algebraically the same fit.
     */
    private static Double estimate(double[] y, int n, int len, int ideg, double xs, int nleft, int nright, boolean userw,
                                   double[] rw) {
        double range = n - 1;
        double h = Math.max(xs - nleft, nright - xs);
        if (len > n) h += (len - n) / 2; // integer division, as in the Fortran
        double h9 = 0.999 * h, h1 = 0.001 * h;
        double sw = 0, swd = 0, swdd = 0, swy = 0, swdy = 0;
        for (int j = nleft; j <= nright; j++) {
            double d = j - xs, r = Math.abs(d);
            if (r > h9) continue;
            double wj;
            if (r <= h1) {
                wj = 1;
            } else {
                double t = r / h, u = 1 - t * t * t;
                wj = u * u * u; // tricube
            }
            if (userw) wj *= rw[j - 1];
            double yj = y[j - 1];
            sw += wj;
            swd += wj * d;
            swdd += wj * d * d;
            swy += wj * yj;
            swdy += wj * d * yj;
        }
        if (sw <= 0) return null;
        if (h > 0 && ideg > 0) {
            double mean = swd / sw; // the weighted mean position, relative to xs
            double c = swdd / sw - mean * mean;
            if (Math.sqrt(c) > 0.001 * range) {
                double b = -mean / c;
                return (swy + b * (swdy - mean * swy)) / sw;
            }
        }
        return swy / sw;
    }
}
