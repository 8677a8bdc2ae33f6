package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RobustTest {
    @Test
    void trailingMediansAreEachWindowsMedian() {
        Random r = new Random(5);
        for (int w : new int[]{1, 2, 3, 12, 13}) {
            double[] v = new double[200];
            for (int i = 0; i < v.length; i++) v[i] = r.nextInt(20) - 10 + (i % 7 == 0 ? 0.5 : 0); // ties
            double[] got = Robust.trailingMedians(v, w);
            assertEquals(v.length - w + 1, got.length);
            for (int t = w; t <= v.length; t++) {
                double want = Robust.medianInPlace(Arrays.copyOfRange(v, t - w, t), w);
                assertEquals(want, got[t - w], 0.0, "w " + w + " t " + t);
            }
        }
        assertEquals(0, Robust.trailingMedians(new double[3], 4).length);
    }

    @Test
    void medianAndMad() {
        assertEquals(3, Robust.median(new double[]{5, 1, 3, 2, 4}));
        assertEquals(2.5, Robust.median(new double[]{4, 1, 3, 2}));
        double[] big = new double[101];
        for (int i = 0; i < big.length; i++) big[i] = (i * 37) % 101;
        assertEquals(50, Robust.median(big));
        // MAD of 1..5 around 3 is 1 → σ 1.4826
        assertEquals(1.4826, Robust.madSigma(new double[]{1, 2, 3, 4, 5}), 1e-12);
    }

    @Test
    void movingMedianMatchesBruteForce() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 60; trial++) {
            double[] x = new double[1 + rnd.nextInt(400)];
            int kind = trial % 4;
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (kind) {
                    case 0 -> Math.round(rnd.nextGaussian() * 4);                          // ties on purpose
                    case 1 -> Math.sin(i / 9.0) + 0.1 * rnd.nextGaussian();                // smooth: near replacements
                    case 2 -> rnd.nextBoolean() ? 0.0 : -0.0;                              // signed zeros
                    default -> rnd.nextGaussian() * (rnd.nextInt(10) == 0 ? 100 : 1);     // spikes
                };
            }
            int half = rnd.nextInt(40);
            double[] fast = Robust.movingMedian(x, half);
            int w = Math.min(x.length, 2 * half + 1);
            double[] slow = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int s = Math.max(0, Math.min(i - half, x.length - w));
                slow[i] = Robust.median(Arrays.copyOfRange(x, s, s + w));
            }
            assertArrayEquals(slow, fast, 0, "trial " + trial + " half " + half);
        }
    }

    @Test
    void linearEdgesFollowALine() {
        double[] x = new double[60];
        for (int i = 0; i < x.length; i++) x[i] = 3 + 0.5 * i;
        double[] t = Robust.movingMedianLinearEdges(x, 6);
        assertArrayEquals(x, t, 1e-12);
    }

    @Test
    void aCycleMedianCountsEveryPhaseOnceForOddAndEvenCycles() {
        // a noise-free cycle on a level: the trend is the level everywhere but the ends, which follow their own line (a
        // window of p + 1 points counted one phase twice and carried up to 40 % of a monthly sine's amplitude into it)
        for (int p : new int[]{2, 5, 12, 24}) {
            double[] x = PeriodDetectorTest.sine(p);
            double[] trend = Robust.cycleMedianLinearEdges(x, p);
            double[] level = new double[x.length - 2 * (p / 2)];
            Arrays.fill(level, Robust.median(x));
            assertArrayEquals(level, Arrays.copyOfRange(trend, p / 2, x.length - p / 2), 1e-9, "period " + p);
        }
        // away from the ends: an odd cycle's window is centred on the point, an even cycle's two windows around it
        double[] x = new Random(4).doubles(200).toArray();
        double[] odd = Robust.cycleMedianLinearEdges(x, 7), even = Robust.cycleMedianLinearEdges(x, 8);
        for (int i = 4; i < x.length - 4; i++) {
            assertEquals(Robust.median(Arrays.copyOfRange(x, i - 3, i + 4)), odd[i], 1e-12, "odd " + i);
            assertEquals(0.5 * (Robust.median(Arrays.copyOfRange(x, i - 4, i + 4)) + Robust.median(Arrays.copyOfRange(x, i - 3, i + 5))),
                    even[i], 1e-12, "even " + i);
        }
    }

    @Test
    void theFirstTrendOfTwoCyclesIsTheLevelToItsEnds() {
        // a line through the raw edge points of two cycles follows the cycle: a trend 14 off the level at the start
        for (int p : new int[]{7, 24}) {
            double[] x = new double[2 * p];
            for (int i = 0; i < x.length; i++) x[i] = 50 + 10 * Math.sin(2 * Math.PI * i / p);
            double[] trend = Robust.cycleMedianLinearEdges(x, p, true);
            double[] level = new double[x.length];
            Arrays.fill(level, trend[p / 2]);
            assertArrayEquals(level, trend, 1e-9, "period " + p);
            assertEquals(50, trend[p / 2], 1.5, "period " + p);
        }
    }
}
