package io.wattline.analytics.detect;

/**
 * How wide the normal band is: {@code margin = k(sensitivity) · σ}, with σ a robust (MAD) scale of the
 * prediction errors and {@code k(s) = 2.5 + 0.3·(99 − s)}, so sensitivity 99 gives ±2.5 σ, 95 gives
 * ±3.7 σ, 50 gives ±17.2 σ and 0 gives ±32.2 σ: lower sensitivity, wider band, fewer anomalies.
 * Where the spectral-residual score of a point exceeds {@value #SALIENT_SR} the band narrows to
 * {@value #SALIENT_FACTOR} of its width: the saliency map corroborates the deviation.
 */
public final class Band {
    static final double SALIENT_SR = 3.0;
    static final double SALIENT_FACTOR = 0.8;

    private Band() {}

    /** The band's half width in σ for a sensitivity 0..100. */
    public static double k(int sensitivity) {
        return 2.5 + 0.3 * (99 - sensitivity);
    }

    static double srFactor(double srScore) {
        return srScore > SALIENT_SR ? SALIENT_FACTOR : 1.0;
    }

    /** Severity of a deviation {@code |r|} against a margin: 0 inside the band, {@code 1 − margin/|r|} outside. */
    public static double severity(double absResidual, double margin) {
        if (!(absResidual > margin) || absResidual <= 0) return 0;
        return Math.min(1.0, Math.max(0.0, 1.0 - margin / absResidual));
    }

    /**
     * A robust scale of the errors: MAD σ; when more than half the errors are equal (MAD 0) the mean
     * absolute deviation; never below a floor of 1e-9 of the series' magnitude (numerical noise of a
     * perfect fit is not an anomaly).
     */
    static double robustSigma(double[] residuals, double magnitude) {
        double s = Robust.madSigma(residuals);
        if (!(s > 0)) s = Robust.meanAbsSigma(residuals);
        double floor = 1e-9 * Math.max(1.0, Math.abs(magnitude));
        return Math.max(s, floor);
    }
}
