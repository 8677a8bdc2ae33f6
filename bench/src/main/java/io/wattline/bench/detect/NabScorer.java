package io.wattline.bench.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark's scoring (NAB v1.1, {@code nab/sweeper.py} and {@code nab/runner.py}),
 * reimplemented: windows, the scaled sigmoid, application profiles, the corpus-wide threshold sweep
 * and the normalisation between the null and the perfect detector.
 *
 * <ul>
 *   <li>The first {@code min(floor(0.15·n), 750)} rows of each file are probationary: not scored.</li>
 *   <li>A row inside a window at index i of window [L, R] weighs
 *       {@code tpWeight · σ̃(−(R − i + 1)/(R − L + 1)) / σ̃(−1)}, where {@code σ̃(x) = 2/(1+e^{5x}) − 1}
 *       (−1 for x ≥ 3): the left edge weighs tpWeight, the right edge almost 0. A window scores the
 *       best (earliest) of its detections, or −fnWeight with none.</li>
 *   <li>A detection outside windows weighs {@code fpWeight · σ̃(|R' − i| / (W' − 1))} after a window
 *       [L', R'] of width W' (so just after a window it costs almost nothing, far after it costs
 *       fpWeight), and −fpWeight before the first window.</li>
 *   <li>A row is a detection when its anomaly score is ≥ the threshold; one threshold for the whole
 *       corpus, chosen by sweeping every distinct score (from 1.1 down) for the best total.</li>
 *   <li>Normalised score = 100 · (raw − null) / (perfect − null): the null detector (a constant
 *       score, run through the same sweep) scores 0, a perfect one (tpWeight per window) 100.</li>
 * </ul>
 */
public final class NabScorer {

    /** An application profile: NAB's cost matrix. */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {}

    public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
    public static final Profile REWARD_LOW_FP = new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final Profile REWARD_LOW_FN = new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
    public static final List<Profile> PROFILES = List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);

    /** One data file: its anomaly scores and its windows as inclusive row ranges [start, end], sorted. */
    public record Series(String name, double[] scores, int[][] windows) {
        public int size() {
            return scores.length;
        }
    }

    /** The total score of the corpus when the threshold is {@code threshold}, with NAB's counts. */
    public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {}

    /** A file's result at a threshold: raw score, detected windows, false positives. */
    public record SeriesScore(String name, double score, int windows, int detected, int falsePositives) {}

    /** A profile's corpus result. */
    public record Result(Profile profile, double threshold, double raw, double nullScore, double perfect,
                         double normalized, List<SeriesScore> perSeries) {}

    private NabScorer() {}

    public static int probationaryLength(int rows) {
        return (int) Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
    }

    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) return -1.0;
        return 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
    }

    /** Row annotations: window index (−1 outside, −2 probationary) and weighted sweep score. */
    record Rows(int[] window, double[] sweep) {}

    static Rows sweep(Series s, Profile p) {
        int n = s.size();
        int[] win = new int[n];
        double[] sweep = new double[n];
        double maxTp = scaledSigmoid(-1.0);
        int prob = probationaryLength(n);
        int next = 0, cur = -1;
        int curRight = -1, prevRight = -1;
        double curWidth = 0, prevWidth = 0;
        for (int i = 0; i < n; i++) {
            if (cur < 0 && next < s.windows().length && i == s.windows()[next][0]) {
                cur = next++;
                curRight = s.windows()[cur][1];
                curWidth = curRight - s.windows()[cur][0] + 1;
            }
            if (cur >= 0) {
                double pos = -(curRight - i + 1) / curWidth;
                sweep[i] = scaledSigmoid(pos) * p.tpWeight() / maxTp;
            } else {
                double pos = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / Math.max(1e-12, prevWidth - 1);
                sweep[i] = scaledSigmoid(pos) * p.fpWeight();
            }
            win[i] = i < prob ? -2 : cur;
            if (cur >= 0 && i == curRight) {
                prevRight = i;
                prevWidth = curWidth;
                cur = -1;
            }
        }
        return new Rows(win, sweep);
    }

    /** NAB's corpus sweep: the total score for every distinct threshold, highest threshold first. */
    public static List<ThresholdScore> scoresByThreshold(List<Series> corpus, Profile p) {
        record Point(double score, int series, int window, double sweep) {}
        List<Point> points = new ArrayList<>();
        int windowsBase = 0;
        int[] base = new int[corpus.size()];
        for (int f = 0; f < corpus.size(); f++) {
            Series s = corpus.get(f);
            Rows r = sweep(s, p);
            base[f] = windowsBase;
            for (int i = 0; i < s.size(); i++) {
                if (r.window()[i] == -2) continue;
                points.add(new Point(s.scores()[i], f, r.window()[i] < 0 ? -1 : windowsBase + r.window()[i], r.sweep()[i]));
            }
            windowsBase += s.windows().length;
        }
        // windows that have at least one scorable row start at −fnWeight
        double[] parts = new double[windowsBase];
        boolean[] scorable = new boolean[windowsBase];
        int tn = 0, fn = 0, tp = 0, fp = 0;
        for (Point pt : points) {
            if (pt.window() >= 0) {
                scorable[pt.window()] = true;
                fn++;
            } else {
                tn++;
            }
        }
        double windowSum = 0;
        for (int w = 0; w < windowsBase; w++) {
            if (scorable[w]) {
                parts[w] = -p.fnWeight();
                windowSum += parts[w];
            }
        }
        points.sort(Comparator.comparingDouble(Point::score).reversed());
        List<ThresholdScore> out = new ArrayList<>();
        double fpSum = 0;
        double threshold = 1.1;
        for (Point pt : points) {
            if (pt.score() != threshold) {
                out.add(new ThresholdScore(threshold, windowSum + fpSum, tp, tn, fp, fn));
                threshold = pt.score();
            }
            if (pt.window() >= 0) {
                tp++;
                fn--;
                if (pt.sweep() > parts[pt.window()]) {
                    windowSum += pt.sweep() - parts[pt.window()];
                    parts[pt.window()] = pt.sweep();
                }
            } else {
                fp++;
                tn--;
                fpSum += pt.sweep();
            }
        }
        out.add(new ThresholdScore(threshold, windowSum + fpSum, tp, tn, fp, fn));
        return out;
    }

    /** The best threshold for the corpus (the highest one among equal best totals). */
    public static ThresholdScore optimize(List<Series> corpus, Profile p) {
        ThresholdScore best = null;
        for (ThresholdScore t : scoresByThreshold(corpus, p)) {
            if (best == null || t.score() > best.score()) best = t;
        }
        return best;
    }

    /** One file's raw score with detections at score ≥ threshold. */
    public static SeriesScore score(Series s, Profile p, double threshold) {
        Rows r = sweep(s, p);
        int nw = s.windows().length;
        double[] best = new double[nw];
        boolean[] scorable = new boolean[nw];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        double fpSum = 0;
        int fps = 0;
        for (int i = 0; i < s.size(); i++) {
            int w = r.window()[i];
            if (w == -2) continue;
            if (w >= 0) scorable[w] = true;
            if (s.scores()[i] < threshold) continue;
            if (w >= 0) {
                best[w] = Math.max(best[w], r.sweep()[i]);
            } else {
                fpSum += r.sweep()[i];
                fps++;
            }
        }
        double total = fpSum;
        int detected = 0, counted = 0;
        for (int w = 0; w < nw; w++) {
            if (!scorable[w]) continue;
            counted++;
            if (best[w] > Double.NEGATIVE_INFINITY) {
                total += Math.max(best[w], -p.fnWeight());
                detected++;
            } else {
                total -= p.fnWeight();
            }
        }
        return new SeriesScore(s.name(), total, counted, detected, fps);
    }

    /** The null detector's total: a constant score for every row, through the same sweep. */
    public static double nullScore(List<Series> corpus, Profile p) {
        List<Series> nul = corpus.stream().map(s -> {
            double[] c = new double[s.size()];
            Arrays.fill(c, 0.5);
            return new Series(s.name(), c, s.windows());
        }).toList();
        return optimize(nul, p).score();
    }

    /** Optimises the threshold, scores each file at it and normalises the total. */
    public static Result evaluate(List<Series> corpus, Profile p) {
        ThresholdScore best = optimize(corpus, p);
        List<SeriesScore> per = corpus.stream().map(s -> score(s, p, best.threshold())).toList();
        double raw = per.stream().mapToDouble(SeriesScore::score).sum();
        double nul = nullScore(corpus, p);
        int windows = corpus.stream().mapToInt(s -> s.windows().length).sum();
        double perfect = windows * p.tpWeight();
        return new Result(p, best.threshold(), raw, nul, perfect, 100 * (raw - nul) / (perfect - nul), per);
    }

    /** A file's score normalised on its own (null: −fnWeight per window, perfect: tpWeight per window). */
    public static double normalizedAlone(SeriesScore s, Profile p) {
        double nul = -p.fnWeight() * s.windows(), perfect = p.tpWeight() * s.windows();
        return perfect == nul ? 0 : 100 * (s.score() - nul) / (perfect - nul);
    }
}
