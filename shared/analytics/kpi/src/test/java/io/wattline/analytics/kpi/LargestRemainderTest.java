package io.wattline.analytics.kpi;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargestRemainderTest {

    static BigDecimal sum(double[] v) {
        BigDecimal s = BigDecimal.ZERO;
        for (double x : v) s = s.add(BigDecimal.valueOf(x));
        return s;
    }

    @Test
    void thirdsAddUpToAHundred() {
        double[] p = LargestRemainder.percentages(new double[]{1, 1, 1}, 2);
        assertArrayEquals(new double[]{33.34, 33.33, 33.33}, p);
        assertEquals(0, sum(p).compareTo(new BigDecimal("100")));
    }

    @Test
    void zeroTotalGivesZeros() {
        assertArrayEquals(new double[]{0, 0}, LargestRemainder.percentages(new double[]{0, 0}, 2));
    }

    @Test
    void randomSharesAddUpExactlyAndStayWithinOneUnit() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rnd.nextInt(12);
            double[] parts = new double[n];
            for (int i = 0; i < n; i++) parts[i] = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble() * Math.pow(10, rnd.nextInt(6));
            double[] pct = LargestRemainder.percentages(parts, 2);
            double total = 0;
            for (double p : parts) total += p;
            if (total > 0) assertEquals(0, sum(pct).compareTo(new BigDecimal("100.00")), java.util.Arrays.toString(pct));
            double rounded = LargestRemainder.roundHalfUp(total, 2);
            double[] values = LargestRemainder.round(parts, rounded, 2);
            assertEquals(0, sum(values).compareTo(BigDecimal.valueOf(rounded)), "values add up to the rounded total");
            for (int i = 0; i < n; i++) {
                assertTrue(Math.abs(values[i] - parts[i]) < 0.01 + 1e-9, "within one unit");
                if (total > 0) assertTrue(Math.abs(pct[i] - parts[i] / total * 100) < 0.01 + 1e-9);
            }
        }
    }
}
