package io.wattline.analytics.detect;

/** Student's t distribution: upper-tail probability and quantile, for the ESD test's critical values. */
final class StudentT {
    private StudentT() {}

    /** P(T > t) for t ≥ 0 with {@code df} degrees of freedom. */
    static double upperTail(double t, double df) {
        double x = df / (df + t * t);
        return 0.5 * regularizedBeta(x, df / 2, 0.5);
    }

    static double density(double t, double df) {
        return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI)
                - (df + 1) / 2 * Math.log1p(t * t / df));
    }

    /** The t with P(T > t) = q, for 0 < q < ½: safeguarded Newton steps on log P(T > t). */
    static double upperQuantile(double q, double df) {
        double lo = 0, hi = 1e8, t = Math.sqrt(-2 * Math.log(q));
        double target = Math.log(q);
        for (int it = 0; it < 100; it++) {
            double s = upperTail(t, df);
            double f = Math.log(s) - target;
            if (Math.abs(f) < 1e-12) break;
            if (f > 0) lo = t; else hi = t;
            double next = t + f * s / density(t, df); // d/dt log S = −pdf/S
            t = next > lo && next < hi ? next : (lo + hi) / 2;
            if (hi - lo < 1e-12 * Math.max(1, t)) break;
        }
        return t;
    }

    /** The regularized incomplete beta I_x(a, b) by its continued fraction. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) return front * betaFraction(x, a, b) / a;
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        final double tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 500; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) break;
        }
        return h;
    }

    private static final double[] LANCZOS = {676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    /** log Γ(x) for x > 0 (Lanczos, g = 7). */
    static double logGamma(double x) {
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double a = 0.99999999999980993;
        double t = x + 7.5;
        for (int i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (x + i + 1);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
