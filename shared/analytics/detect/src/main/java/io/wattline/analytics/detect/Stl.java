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
        double[] trend = new double[n], season = new double[n], ones = new double[n];
        Arrays.fill(ones, 1); // weights of 1 leave R's unweighted sums exactly as they are
        double[] rw = ones.clone(); // the first pass is unweighted
        Tricube tricube = new Tricube();
        for (int k = 0; ; k++) {
            step(y, n, np, ns, nt, nl, 0, 1, 1, nsjump, ntjump, nljump, INNER, rw, ones, season, trend, tricube);
            if (k + 1 > OUTER) break;
            double[] fit = new double[n];
            for (int i = 0; i < n; i++) fit[i] = trend[i] + season[i];
            robustnessWeights(y, fit, rw);
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
                             int nsjump, int ntjump, int nljump, int ni, double[] rw, double[] ones, double[] season,
                             double[] trend, Tricube tricube) {
        double[] w1 = new double[n + 2 * np], w2 = new double[n + 2 * np], w3 = new double[n + 2 * np];
        for (int j = 0; j < ni; j++) {
            for (int i = 0; i < n; i++) w1[i] = y[i] - trend[i];
            subseries(w1, n, np, ns, isdeg, nsjump, rw, w2, tricube);
            lowPass(w2, n + 2 * np, np, w3);
            double[] low = new double[n];
            loess(w3, n, nl, ildeg, nljump, ones, low, tricube);
            for (int i = 0; i < n; i++) season[i] = w2[np + i] - low[i];
            double[] deseason = new double[n];
            for (int i = 0; i < n; i++) deseason[i] = y[i] - season[i];
            loess(deseason, n, nt, itdeg, ntjump, rw, trend, tricube);
        }
    }

    /** Bisquare weights of the residuals, scaled by six times their median (R's stlrwt). */
    private static void robustnessWeights(double[] y, double[] fit, double[] rw) {
        int n = y.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.abs(y[i] - fit[i]);
        double cmad = 6 * Robust.medianInPlace(r.clone(), n); // R's 3 * (the two middle values), by selection
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
    private static void subseries(double[] y, int n, int np, int ns, int isdeg, int nsjump, double[] rw,
                                  double[] out, Tricube tricube) {
        for (int j = 0; j < np; j++) {
            int k = (n - j - 1) / np + 1;
            double[] sub = new double[k], subw = new double[k], smooth = new double[k + 2];
            for (int i = 0; i < k; i++) {
                sub[i] = y[i * np + j];
                subw[i] = rw[i * np + j];
            }
            double[] inner = new double[k];
            loess(sub, k, ns, isdeg, nsjump, subw, inner, tricube);
            System.arraycopy(inner, 0, smooth, 1, k);
            int nright = Math.min(ns, k);
            Double left = estimate(sub, k, ns, isdeg, 0, 1, nright, subw, tricube);
            smooth[0] = left != null ? left : smooth[1];
            int nleft = Math.max(1, k - ns + 1);
            Double right = estimate(sub, k, ns, isdeg, k + 1, nleft, k, subw, tricube);
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
    private static void loess(double[] y, int n, int len, int ideg, int njump, double[] rw, double[] ys,
                              Tricube tricube) {
        if (n < 2) {
            ys[0] = y[0];
            return;
        }
        int newnj = Math.min(njump, n - 1);
        if (len >= n) {
            for (int i = 1; i <= n; i += newnj) fit(y, n, len, ideg, i, 1, n, rw, ys, tricube);
        } else if (newnj == 1) {
            int nsh = (len + 1) / 2, nleft = 1, nright = len;
            for (int i = 1; i <= n; i++) {
                if (i > nsh && nright != n) {
                    nleft++;
                    nright++;
                }
                fit(y, n, len, ideg, i, nleft, nright, rw, ys, tricube);
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
                fit(y, n, len, ideg, i, nleft, nright, rw, ys, tricube);
            }
        }
        if (newnj != 1) {
            for (int i = 1; i <= n - newnj; i += newnj) {
                double delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                for (int j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
            }
            int k = ((n - 1) / newnj) * newnj + 1;
            if (k != n) {
                fit(y, n, len, ideg, n, Math.max(1, n - len + 1), n, rw, ys, tricube);
                if (k != n - 1) {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
                }
            }
        }
    }

    private static void fit(double[] y, int n, int len, int ideg, int xs, int nleft, int nright, double[] rw,
                            double[] ys, Tricube tricube) {
        Double v = estimate(y, n, len, ideg, xs, nleft, nright, rw, tricube);
        ys[xs - 1] = v != null ? v : y[xs - 1];
    }

    /**
     * The local (degree 0 or 1) tricube-weighted fit at xs over positions nleft..nright (R's stlest); null if no weight.
     * One pass of weighted sums in coordinates centred on xs, instead of R's passes over a weight array (STL's hot loop:
     * loess runs a few hundred of these per pass over the series); algebraically the same fit, and the same weights,
     * taken from a table per half-width instead of recomputed at every position (for finite values the same bits: the
     * zero weights at the window's edge add exact zeros where R skips them).
     */
    private static Double estimate(double[] y, int n, int len, int ideg, int xs, int nleft, int nright, double[] rw,
                                   Tricube tricube) {
        double range = n - 1;
        int reach = Math.max(xs - nleft, nright - xs);
        double h = reach;
        if (len > n) h += (len - n) / 2; // integer division, as in the Fortran
        double[] tw = tricube.weights(h, Math.max(reach, 0));
        double sw = 0, swd = 0, swdd = 0, swy = 0, swdy = 0;
        for (int j = nleft; j <= nright; j++) {
            // zero weights (beyond 0.999 h, or robustness weight 0) add exact zeros: no branch in the hot loop
            double wj = tw[Math.abs(j - xs)] * rw[j - 1];
            double d = j - xs, yj = y[j - 1];
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

    /**
     * Tricube weights by distance (0 beyond 0.999 h, 1 within 0.001 h) for a half-width h, filled as far as a fit
     * reaches and kept while h stays the same: the interior fits of a loess pass share one half-width, and the fits of
     * a cycle-subseries alternate between two, hence two tables.
     */
    private static final class Tricube {
        private final Table[] tables = {new Table(), new Table()};

        double[] weights(double h, int reach) {
            Table t = tables[0];
            if (t.h != h) {
                t = tables[1];
                tables[1] = tables[0];
                tables[0] = t;
                if (t.h != h) {
                    t.h = h;
                    t.filled = 0;
                }
            }
            t.fill(reach);
            return t.w;
        }

        private static final class Table {
            double h = Double.NaN;
            double[] w = new double[64];
            int filled;

            void fill(int reach) {
                if (reach < filled) return;
                if (reach >= w.length) w = Arrays.copyOf(w, Math.max(reach + 1, 2 * w.length));
                double h9 = 0.999 * h, h1 = 0.001 * h;
                for (int r = filled; r <= reach; r++) {
                    if (r > h9) {
                        w[r] = 0;
                    } else if (r <= h1) {
                        w[r] = 1;
                    } else {
                        double t = r / h, u = 1 - t * t * t;
                        w[r] = u * u * u;
                    }
                }
                filled = reach + 1;
            }
        }
    }
}
