package io.wattline.analytics.baseline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ASHRAE Guideline 14's figures worked by hand. */
class AccuracyTest {

    @Test
    void heldOutFiguresByHand() {
        // errors −2, +2, 0 around a mean of 20: SSE 8, n 3
        Accuracy a = Accuracy.of(new double[] {10, 20, 30}, new double[] {12, 18, 30}, 0);
        assertEquals(Math.sqrt(8.0 / 3), a.rmse(), 1e-12);
        assertEquals(4.0 / 3, a.mae(), 1e-12);
        assertEquals(100 * Math.sqrt(8.0 / 3) / 20, a.cvRmse(), 1e-12); // 8.165 %
        assertEquals(0, a.nmbe(), 1e-12);
        assertEquals(1 - 8.0 / 200, a.rSquared(), 1e-12);
    }

    @Test
    void fittedParametersReduceTheDegreesOfFreedom() {
        // G14: CV(RMSE) = sqrt(SSE / (n − p)) / ȳ; with p = 1: sqrt(8 / 2) / 20 = 10 %
        Accuracy a = Accuracy.of(new double[] {10, 20, 30}, new double[] {12, 18, 30}, 1);
        assertEquals(10, a.cvRmse(), 1e-12);
    }

    @Test
    void biasAtTheLimitPassesAndBeyondItFails() {
        // predictions 1 below actuals of 10: NMBE = Σ(y − ŷ) / (n ȳ) = 4 / 40 = 10 %, CV(RMSE) = 1 / 10 = 10 %
        Accuracy a = Accuracy.of(new double[] {10, 10, 10, 10}, new double[] {9, 9, 9, 9}, 0);
        assertEquals(10, a.nmbe(), 1e-12);
        assertEquals(10, a.cvRmse(), 1e-12);
        assertTrue(a.passesG14(BaselineModel.Granularity.HOURLY));
        assertFalse(a.passesG14(BaselineModel.Granularity.MONTHLY)); // monthly: |NMBE| ≤ 5 %
        Accuracy worse = Accuracy.of(new double[] {10, 10, 10, 10}, new double[] {8.9, 8.9, 8.9, 8.9}, 0);
        assertFalse(worse.passesG14(BaselineModel.Granularity.HOURLY));
    }
}
