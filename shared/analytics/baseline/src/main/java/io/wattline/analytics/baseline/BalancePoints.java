package io.wattline.analytics.baseline;

import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.OLS;

import java.util.ArrayList;
import java.util.List;

/**
 * A building's balance points: the outdoor temperatures below which it heats and above which it cools. Found
 * as ASHRAE's change-point models find them: the heating and cooling bases whose degrees, beside the other
 * drivers, fit energy best by least squares on the training samples. A fixed 18 °C base misreads a boiler that
 * starts at 16 °C: it expects heating on mild days that never comes, and those hours read as energy drops.
 */
public final class BalancePoints {
    /** The usual base (18 °C, 65 °F), kept when the data cannot tell. */
    public static final double DEFAULT_C = 18;
    /** The bases tried, in whole degrees: buildings balance between these. */
    static final int MIN_C = 8, MAX_C = 26;

    private BalancePoints() {}

    /** A heating and a cooling base, in °C; the cooling base is never below the heating one. */
    public record Bases(double heatingC, double coolingC) {
        public static final Bases DEFAULT = new Bases(DEFAULT_C, DEFAULT_C);
    }

    /**
     * The bases that fit best.
     *
     * @param outdoor outdoor temperature of each sample (°C)
     * @param others  the other drivers' values per sample (may have no columns)
     * @param y       energy per sample
     * @param train   how many leading samples to fit on (the rest is the held-out tail, never looked at)
     * @param heating whether heating degrees are a driver
     * @param cooling whether cooling degrees are a driver
     */
    public static Bases fit(double[] outdoor, double[][] others, double[] y, int train, boolean heating, boolean cooling) {
        if (!heating && !cooling) return Bases.DEFAULT;
        // the default first, replaced only by a better score: where the data cannot tell bases apart (every day
        // colder than every base tried) the usual base is kept
        Bases best = Bases.DEFAULT;
        double bestScore = score(outdoor, others, y, train, heating ? DEFAULT_C : Double.NaN, cooling ? DEFAULT_C : Double.NaN);
        for (int h = heating ? MIN_C : (int) DEFAULT_C; h <= (heating ? MAX_C : (int) DEFAULT_C); h++) {
            for (int c = cooling ? Math.max(h, MIN_C) : (int) DEFAULT_C; c <= (cooling ? MAX_C : (int) DEFAULT_C); c++) {
                double score = score(outdoor, others, y, train, heating ? h : Double.NaN, cooling ? c : Double.NaN);
                if (score < bestScore - 1e-9) {
                    bestScore = score;
                    best = new Bases(heating ? h : DEFAULT_C, cooling ? c : DEFAULT_C);
                }
            }
        }
        return best;
    }

    /** Heating degrees at a base: how far the outdoor temperature is below it. */
    public static double heatingDegrees(double outdoorC, double baseC) {
        return Math.max(0, baseC - outdoorC);
    }

    /** Cooling degrees at a base: how far the outdoor temperature is above it. */
    public static double coolingDegrees(double outdoorC, double baseC) {
        return Math.max(0, outdoorC - baseC);
    }

    /**
     * The Bayesian information criterion of the fit with degrees at the given bases (NaN: not a driver). A degree
     * column that never varies at its base is left out of that fit, and each degree column counts twice (its
     * coefficient and its base): a base that only fits noise on a few hours does not win.
     */
    private static double score(double[] outdoor, double[][] others, double[] y, int train, double heatBase, double coolBase) {
        int p = others.length == 0 ? 0 : others[0].length;
        List<double[]> columns = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double[] col = new double[train];
            for (int i = 0; i < train; i++) col[i] = others[i][j];
            columns.add(col);
        }
        int degrees = 0;
        if (!Double.isNaN(heatBase)) degrees += addIfVaries(columns, outdoor, train, heatBase, true);
        if (!Double.isNaN(coolBase)) degrees += addIfVaries(columns, outdoor, train, coolBase, false);
        int k = columns.size();
        double[][] rows = new double[train][k + 1];
        String[] names = new String[k + 1];
        for (int j = 0; j <= k; j++) names[j] = "x" + j;
        for (int i = 0; i < train; i++) {
            for (int j = 0; j < k; j++) rows[i][j] = columns.get(j)[i];
            rows[i][k] = y[i];
        }
        double rss;
        try {
            rss = k == 0 ? sumOfSquares(y, train) : OLS.fit(Formula.lhs(names[k]), DataFrame.of(rows, names)).RSS();
        } catch (RuntimeException singular) {
            return Double.POSITIVE_INFINITY;
        }
        return train * Math.log(Math.max(rss, 1e-12) / train) + (k + 1 + degrees) * Math.log(train);
    }

    /** Adds the heating or cooling degrees at a base as a column if they vary; 1 if added. */
    private static int addIfVaries(List<double[]> columns, double[] outdoor, int train, double base, boolean heating) {
        double[] col = new double[train];
        boolean varies = false;
        for (int i = 0; i < train; i++) {
            col[i] = heating ? heatingDegrees(outdoor[i], base) : coolingDegrees(outdoor[i], base);
            varies |= col[i] != col[0];
        }
        if (!varies) return 0;
        columns.add(col);
        return 1;
    }

    private static double sumOfSquares(double[] y, int n) {
        double mean = 0, ss = 0;
        for (int i = 0; i < n; i++) mean += y[i] / n;
        for (int i = 0; i < n; i++) ss += (y[i] - mean) * (y[i] - mean);
        return ss;
    }
}
