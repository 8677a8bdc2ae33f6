package io.wattline.analytics.baseline;

/**
 * How well predictions match actuals: R², RMSE, MAE and ASHRAE Guideline 14's CV(RMSE) and NMBE (both in
 * percent of the mean actual). {@code parameters} is G14's p: the number of fitted parameters when scoring
 * the data the model was fitted on, 0 on held-out data (nothing was fitted to it).
 */
public record Accuracy(int samples, double rSquared, double rmse, double mae, double cvRmse, double nmbe) {

    public static Accuracy of(double[] actual, double[] predicted, int parameters) {
        int n = actual.length;
        if (n != predicted.length) throw new IllegalArgumentException("actual and predicted differ in length");
        if (n == 0) return new Accuracy(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = 0;
        for (double a : actual) mean += a;
        mean /= n;
        double sse = 0, sae = 0, sum = 0, sst = 0;
        for (int i = 0; i < n; i++) {
            double e = actual[i] - predicted[i];
            sse += e * e;
            sae += Math.abs(e);
            sum += e;
            sst += (actual[i] - mean) * (actual[i] - mean);
        }
        int dof = Math.max(1, n - parameters);
        double cv = mean == 0 ? Double.NaN : 100 * Math.sqrt(sse / dof) / mean;
        double nmbe = mean == 0 ? Double.NaN : 100 * sum / (dof * mean);
        double r2 = sst == 0 ? Double.NaN : 1 - sse / sst;
        return new Accuracy(n, r2, Math.sqrt(sse / n), sae / n, cv, nmbe);
    }

    /** G14's acceptance at the granularity: CV(RMSE) and |NMBE| within its limits. */
    public boolean passesG14(BaselineModel.Granularity g) {
        return cvRmse <= g.maxCvRmse() && Math.abs(nmbe) <= g.maxAbsNmbe();
    }
}
