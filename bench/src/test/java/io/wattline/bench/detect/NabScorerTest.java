package io.wattline.bench.detect;

import io.wattline.bench.detect.NabScorer.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.wattline.bench.detect.NabScorer.REWARD_LOW_FN;
import static io.wattline.bench.detect.NabScorer.REWARD_LOW_FP;
import static io.wattline.bench.detect.NabScorer.STANDARD;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NabScorerTest {
    /** 100 rows (15 probationary), one window over rows 50..59. */
    static Series series(double... pairs) {
        double[] s = new double[100];
        for (int i = 0; i < pairs.length; i += 2) s[(int) pairs[i]] = pairs[i + 1];
        return new Series("f", s, new int[][]{{50, 59}});
    }

    static double sig(double x) {
        return 2 / (1 + Math.exp(5 * x)) - 1;
    }

    @Test
    void scaledSigmoidValues() {
        assertEquals(0.9866142981514305, NabScorer.scaledSigmoid(-1.0), 1e-15);
        assertEquals(0.0, NabScorer.scaledSigmoid(0.0), 1e-15);
        assertEquals(0.8482836399575129, NabScorer.scaledSigmoid(-0.5), 1e-15);
        assertEquals(-1.0, NabScorer.scaledSigmoid(3.0));
        assertEquals(-0.9866142981514305, NabScorer.scaledSigmoid(1.0), 1e-15);
    }

    @Test
    void probationaryLength() {
        assertEquals(15, NabScorer.probationaryLength(100));
        assertEquals(604, NabScorer.probationaryLength(4032));
        assertEquals(750, NabScorer.probationaryLength(22695));
    }

    @Test
    void detectionAtTheLeftEdgeScoresTheFullTpWeight() {
        NabScorer.SeriesScore s = NabScorer.score(series(50, 1), STANDARD, 0.5);
        assertEquals(1.0, s.score(), 1e-12);
        assertEquals(1, s.detected());
        assertEquals(100.0, NabScorer.normalizedAlone(s, STANDARD), 1e-9);
    }

    @Test
    void lateDetectionScoresLessAndOnlyTheFirstCounts() {
        double late = sig(-0.1) / sig(-1.0); // row 59: position −(59−59+1)/10
        assertEquals(late, NabScorer.score(series(59, 1), STANDARD, 0.5).score(), 1e-12);
        double mid = sig(-0.5) / sig(-1.0); // row 55: −(59−55+1)/10
        assertEquals(mid, NabScorer.score(series(55, 1, 59, 1), STANDARD, 0.5).score(), 1e-12);
    }

    @Test
    void missedWindowCostsFnWeight() {
        assertEquals(-1.0, NabScorer.score(series(), STANDARD, 0.5).score(), 1e-12);
        assertEquals(-2.0, NabScorer.score(series(), REWARD_LOW_FN, 0.5).score(), 1e-12);
    }

    @Test
    void falsePositivesByPosition() {
        // before any window: −fpWeight; inside the probationary period: nothing
        assertEquals(-1.0 - 0.11, NabScorer.score(series(30, 1, 5, 1), STANDARD, 0.5).score(), 1e-12);
        assertEquals(-1.0 - 0.22, NabScorer.score(series(30, 1), REWARD_LOW_FP, 0.5).score(), 1e-12);
        // after the window: scaled by the distance from its right edge over (width − 1)
        double after = 0.11 * sig(11 / 9.0);
        assertEquals(1.0 + after, NabScorer.score(series(50, 1, 70, 1), STANDARD, 0.5).score(), 1e-12);
        double justAfter = 0.11 * sig(1 / 9.0); // almost free
        assertEquals(1.0 + justAfter, NabScorer.score(series(50, 1, 60, 1), STANDARD, 0.5).score(), 1e-12);
    }

    @Test
    void thresholdSweepPicksTheBestTotalAndAgreesWithPerFileScores() {
        Series a = series(50, 0.9, 30, 0.8, 70, 0.4);
        Series b = new Series("g", new double[100], new int[][]{{20, 29}, {80, 89}});
        b.scores()[85] = 0.8;
        b.scores()[40] = 0.6;
        List<Series> corpus = List.of(a, b);
        List<NabScorer.ThresholdScore> sweep = NabScorer.scoresByThreshold(corpus, STANDARD);
        assertEquals(1.1, sweep.get(0).threshold());
        assertEquals(-3.0, sweep.get(0).score(), 1e-12); // no detections: three windows missed
        NabScorer.ThresholdScore best = NabScorer.optimize(corpus, STANDARD);
        // at 0.8: a's window (+1) and FP at 30 (−0.11); b's second window at 85 (−(89−85+1)/10), first missed
        double expected = 1.0 - 0.11 + sig(-0.5) / sig(-1.0) - 1.0;
        assertEquals(0.8, best.threshold());
        assertEquals(expected, best.score(), 1e-12);
        double sum = NabScorer.score(a, STANDARD, 0.8).score() + NabScorer.score(b, STANDARD, 0.8).score();
        assertEquals(best.score(), sum, 1e-12);
    }

    @Test
    void normalisationBetweenNullAndPerfect() {
        Series perfect = series(50, 1);
        NabScorer.Result r = NabScorer.evaluate(List.of(perfect), STANDARD);
        assertEquals(-1.0, r.nullScore(), 1e-12);
        assertEquals(1.0, r.perfect(), 1e-12);
        assertEquals(100.0, r.normalized(), 1e-9);
        NabScorer.Result none = NabScorer.evaluate(List.of(series()), STANDARD);
        assertEquals(0.0, none.normalized(), 1e-9);
        // half-way detection: (s − (−1)) / 2
        NabScorer.Result mid = NabScorer.evaluate(List.of(series(55, 1)), STANDARD);
        assertEquals(100 * (sig(-0.5) / sig(-1.0) + 1) / 2, mid.normalized(), 1e-9);
    }
}
