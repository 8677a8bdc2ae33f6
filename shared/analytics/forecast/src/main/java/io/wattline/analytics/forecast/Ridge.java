package io.wattline.analytics.forecast;

/** Ridge least squares: minimises |y − Xβ|² + Σ λⱼβⱼ² through the normal equations (Cholesky). */
final class Ridge {
    private Ridge() {}

    static double[] solve(double[][] x, double[] y, double[] penalty) {
        int k = penalty.length;
        double[][] a = new double[k][k];
        double[] b = new double[k];
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            for (int p = 0; p < k; p++) {
                double v = row[p];
                if (v == 0) continue;
                b[p] += v * y[i];
                for (int q = p; q < k; q++) a[p][q] += v * row[q];
            }
        }
        double trace = 0;
        for (int p = 0; p < k; p++) trace += a[p][p];
        for (int p = 0; p < k; p++) {
            // a tiny jitter keeps columns that never vary (e.g. no weekend in the history) solvable
            a[p][p] += penalty[p] + 1e-10 * (trace / k + 1);
            for (int q = 0; q < p; q++) a[p][q] = a[q][p];
        }
        return cholesky(a, b);
    }

    private static double[] cholesky(double[][] a, double[] b) {
        int k = b.length;
        double[][] l = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int m = 0; m < j; m++) s -= l[i][m] * l[j][m];
                if (i == j) l[i][i] = Math.sqrt(Math.max(s, 1e-300));
                else l[i][j] = s / l[j][j];
            }
        }
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) s -= l[i][m] * z[m];
            z[i] = s / l[i][i];
        }
        double[] beta = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = z[i];
            for (int m = i + 1; m < k; m++) s -= l[m][i] * beta[m];
            beta[i] = s / l[i][i];
        }
        return beta;
    }
}
