package io.wattline.analytics.forecast;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** Derivative-free minimisation (Nelder-Mead simplex, standard coefficients) for the few ARMA parameters. */
final class NelderMead {
    private NelderMead() {}

    static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double step, int maxEvaluations, double tolerance) {
        int n = start.length;
        if (n == 0) return start;
        double[][] x = new double[n + 1][];
        double[] fx = new double[n + 1];
        x[0] = start.clone();
        for (int i = 0; i < n; i++) {
            x[i + 1] = start.clone();
            x[i + 1][i] += step;
        }
        int evals = 0;
        for (int i = 0; i <= n; i++) fx[i] = f.applyAsDouble(x[i]);
        evals += n + 1;
        Integer[] order = new Integer[n + 1];
        while (evals < maxEvaluations) {
            for (int i = 0; i <= n; i++) order[i] = i;
            final double[] fv = fx;
            Arrays.sort(order, (a, b) -> Double.compare(fv[a], fv[b]));
            double[][] xs = new double[n + 1][];
            double[] fs = new double[n + 1];
            for (int i = 0; i <= n; i++) {
                xs[i] = x[order[i]];
                fs[i] = fx[order[i]];
            }
            x = xs;
            fx = fs;
            if (Math.abs(fx[n] - fx[0]) <= tolerance * (Math.abs(fx[0]) + 1e-12)) break;
            double[] c = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) c[j] += x[i][j] / n;
            double[] r = along(c, x[n], -1);
            double fr = f.applyAsDouble(r);
            evals++;
            if (fr < fx[0]) {
                double[] e = along(c, x[n], -2);
                double fe = f.applyAsDouble(e);
                evals++;
                if (fe < fr) { x[n] = e; fx[n] = fe; } else { x[n] = r; fx[n] = fr; }
            } else if (fr < fx[n - 1]) {
                x[n] = r;
                fx[n] = fr;
            } else {
                double[] k = fr < fx[n] ? along(c, x[n], -0.5) : along(c, x[n], 0.5);
                double fk = f.applyAsDouble(k);
                evals++;
                if (fk < Math.min(fr, fx[n])) {
                    x[n] = k;
                    fx[n] = fk;
                } else {
                    for (int i = 1; i <= n; i++) {
                        x[i] = along(x[0], x[i], 0.5);
                        fx[i] = f.applyAsDouble(x[i]);
                    }
                    evals += n;
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) if (fx[i] < fx[best]) best = i;
        return x[best];
    }

    /** c + t (p - c). */
    private static double[] along(double[] c, double[] p, double t) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) out[i] = c[i] + t * (p[i] - c[i]);
        return out;
    }
}
