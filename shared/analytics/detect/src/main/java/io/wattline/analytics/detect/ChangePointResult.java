package io.wattline.analytics.detect;

/** Azure's change-point response: one flag and one confidence in [0, 1] per input point. */
public record ChangePointResult(int period, boolean[] isChangePoint, double[] confidenceScores) {
    public int count() {
        int c = 0;
        for (boolean b : isChangePoint) if (b) c++;
        return c;
    }
}
