package io.wattline.analytics.detect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingDetectorTest {
    static double[] run(double[] x, StreamingDetector.Config c) {
        StreamingDetector d = new StreamingDetector(c);
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) s[i] = d.push(x[i]).score();
        return s;
    }

    @Test
    void causalTheScoreOfARowDoesNotDependOnLaterRows() {
        double[] x = Signals.noisySine(1500, 48, 5, 0.3, 5);
        double[] a = run(x, StreamingDetector.Config.defaults());
        double[] y = x.clone();
        for (int i = 900; i < y.length; i++) y[i] += 50 * Math.sin(i); // rewrite the future
        double[] b = run(y, StreamingDetector.Config.defaults());
        for (int i = 0; i < 900; i++) assertEquals(a[i], b[i], 0.0, "row " + i);
    }

    @Test
    void aSpikeAfterALongNormalHistoryScoresNearOne() {
        double[] x = Signals.noisySine(2000, 48, 5, 0.3, 6);
        x[1500] += 6;
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        double[] s = run(x, c);
        assertTrue(s[1500] > 0.999, "spike " + s[1500]);
        int above = 0;
        for (int i = 1000; i < 2000; i++) if (i != 1500 && s[i] >= s[1500]) above++;
        assertEquals(0, above, "nothing else as high");
        // the alert suppresses the following scores
        for (int i = 1501; i <= 1500 + c.suppressPoints() && i < x.length; i++) assertEquals(0.0, s[i]);
    }

    @Test
    void theSuppressionAfterAnAlertLastsTheSameTimeWhateverTheStep() {
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        assertEquals(150, c.suppressPoints()); // 12.5 h at the default 5-minute step
        assertEquals(25, c.withStep(java.time.Duration.ofMinutes(30)).suppressPoints());
        assertEquals(13, c.withStep(java.time.Duration.ofHours(1)).suppressPoints());
        assertEquals(150, c.withStep(java.time.Duration.ofMinutes(1)).suppressPoints()); // finer: the points bind
        assertEquals(150, c.withStep(java.time.Duration.ofMillis(1)).suppressPoints());
        assertEquals(1, c.withStep(java.time.Duration.ofDays(1)).suppressPoints());
        assertEquals(0, c.with("suppress", 0).suppressPoints());
        assertEquals(150, c.with("suppressMinutes", 0).withStep(java.time.Duration.ofHours(1)).suppressPoints());
        // half-hourly points: two spikes a day and a half apart (72 points) both alert; counted in 5-minute
        // points, the first alert would have hidden the second
        double[] x = Signals.noisySine(2000, 48, 5, 0.3, 6);
        x[1500] += 6;
        x[1572] += 6;
        StreamingDetector.Replay halfHourly = StreamingDetector.replay(x, c.withStep(java.time.Duration.ofMinutes(30)));
        assertTrue(halfHourly.alerts()[1500] && halfHourly.alerts()[1572], "both incidents alert");
        StreamingDetector.Replay asIfFiveMinutes = StreamingDetector.replay(x, c);
        assertTrue(asIfFiveMinutes.alerts()[1500] && !asIfFiveMinutes.alerts()[1572], "150 points hide the second");
    }

    @Test
    void aReplayIsThePointByPointScoresAndItsAlertsAreTheIncidentsFirstPoints() {
        double[] x = Signals.noisySine(2000, 48, 5, 0.3, 6);
        x[1500] += 6;
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        StreamingDetector.Replay r = StreamingDetector.replay(x, c);
        double[] pushed = run(x, c);
        for (int i = 0; i < x.length; i++) assertEquals(pushed[i], r.scores()[i], 0.0, "row " + i);
        assertTrue(r.alerts()[1500], "the spike raises an alert");
        int last = Integer.MIN_VALUE / 2;
        for (int i = 0; i < x.length; i++) {
            assertEquals(r.scores()[i] >= c.alertPerMyriad() / 10_000.0, r.alerts()[i], "row " + i);
            if (r.alerts()[i]) {
                assertTrue(i - last > c.suppressPoints(), "one alert per incident: " + last + " and " + i);
                last = i;
            }
        }
    }

    @Test
    void rankAloneRaisesNoAlertInsideTheBand() {
        // pure noise ranks uniformly: by rank alone it alerts on a fixed share of points; with the gates, only points
        // outside the band (or shapes far from every earlier one) can
        java.util.Random rnd = new java.util.Random(1);
        double[] x = new double[8640];
        for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * rnd.nextGaussian();
        StreamingDetector.Config gated = StreamingDetector.Config.defaults();
        StreamingDetector.Config rankAlone = gated.with("inBandCapPerMyriad", 10_000).with("discordGatePercent", 0);
        int withGates = count(StreamingDetector.replay(x, gated).alerts()), without = count(StreamingDetector.replay(x, rankAlone).alerts());
        assertTrue(without >= 12, "rank alone: " + without);
        assertTrue(withGates <= 6, "gated: " + withGates);
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    @Test
    void streamingVerdictMatchesLastDetectOnTheSameHistory() {
        double[] x = Signals.noisySine(24 * 8 + 1, 24, 5, 0.2, 7);
        x[x.length - 1] += 5;
        StreamingDetector d = new StreamingDetector(StreamingDetector.Config.defaults().with("refitEvery", 1)
                .with("cycles", 0).with("logSkew", 0).with("sensitivity", 95) // last/detect's model and band exactly
                .with("levelWindow", LastPointModel.DEFAULT_LEVEL_WINDOW).with("srWindow", x.length));
        StreamingDetector.Step last = null;
        for (double v : x) last = d.push(v);
        LastResult r = AnomalyDetector.last(x, DetectOptions.defaults().withSensitivity(95));
        // the same verdict; last/detect answers Azure's expectation of a seasonal series, with the margins that keep the
        // band the verdict was judged by around it. That band is wider: last/detect judges its scale out of sample
        // (each point's seasonal value from the other cycles), the streaming detector ranks deviations and keeps the
        // in-sample scale its settings were chosen with
        assertTrue(r.upperMargin() + r.lowerMargin() > 2 * last.margin(), r + " vs " + last);
        assertTrue(r.upperMargin() + r.lowerMargin() < 1.5 * 2 * last.margin(), r + " vs " + last);
        assertEquals(AzureLast.expected(x, r.period()), r.expectedValue(), 1e-12);
        assertTrue(last.anomaly() && r.isAnomaly());
    }

    @Test
    void countsAndLatenciesAreScoredOnALogScaleOtherSeriesRaw() {
        double[] skewed = new double[48], symmetric = new double[48], negative = new double[48];
        java.util.Random rnd = new java.util.Random(2);
        for (int i = 0; i < 48; i++) {
            skewed[i] = 10 * Math.exp(rnd.nextGaussian());          // log-normal: a long upper tail
            symmetric[i] = 10 + rnd.nextGaussian();
            negative[i] = skewed[i] - 5;
        }
        double[] sorted = skewed.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[23], StreamingDetector.logScale(skewed, 2), 0.0, "the median is the unit");
        assertEquals(0.0, StreamingDetector.logScale(symmetric, 2));
        assertEquals(0.0, StreamingDetector.logScale(negative, 2), "a negative value: raw");
        assertEquals(0.0, StreamingDetector.logScale(skewed, 1000), "not that skewed");
        double[] withNaN = skewed.clone();
        withNaN[3] = Double.NaN;
        assertEquals(0.0, StreamingDetector.logScale(withNaN, 2));
    }

    @Test
    void aDayOfValuesDecidesAgainWhetherTheNoiseIsSymmetricOnTheLogScale() {
        java.util.Random rnd = new java.util.Random(5);
        double[] additive = new double[288], negative = new double[288];
        for (int i = 0; i < 288; i++) {
            additive[i] = 60 + 10 * Math.sin(2 * Math.PI * i / 288) + rnd.nextGaussian();
            negative[i] = additive[i] - 60;
        }
        double[] overDispersed = counts(30, 288, 4, 7);
        double[] sorted = overDispersed.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[143], StreamingDetector.symmetricLogScale(overDispersed), 0.0,
                "counts whose noise grows with the level: the log scale, the median its unit");
        assertEquals(0.0, StreamingDetector.symmetricLogScale(additive), "additive noise stays on its own scale");
        assertEquals(0.0, StreamingDetector.symmetricLogScale(negative), "a negative value: its own scale");
    }

    @Test
    void aSeriesThatGoesOverToTheLogScaleIsScoredAsIfItHadBeenOnItFromTheStart() {
        // shape 4: the first 48 counts (a slope of the daily cycle) are not skewed enough for the first decision
        double[] x = counts(30, 3000, 4, 7);
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        assertEquals(0.0, StreamingDetector.logScale(java.util.Arrays.copyOf(x, c.minHistory()), c.logSkew()));
        double unit = StreamingDetector.symmetricLogScale(java.util.Arrays.copyOf(x, c.scaleHistory()));
        assertTrue(unit > 0);
        double[] transformed = new double[x.length];
        for (int i = 0; i < x.length; i++) transformed[i] = Math.log1p(x[i] / unit);
        StreamingDetector.Replay replayed = StreamingDetector.replay(x, c);
        StreamingDetector.Replay byHand = StreamingDetector.replay(transformed, c.with("logSkew", 0));
        StreamingDetector.Replay kept = StreamingDetector.replay(x, c.with("scaleHistory", 0));
        for (int i = 0; i < c.scaleHistory() - 1; i++) assertEquals(kept.scores()[i], replayed.scores()[i], 0.0, "row " + i);
        assertEquals(0, count(java.util.Arrays.copyOf(byHand.alerts(), c.scaleHistory())), "no alert before the switch");
        for (int i = c.scaleHistory() - 1; i < x.length; i++) assertEquals(byHand.scores()[i], replayed.scores()[i], 0.0, "row " + i);
        assertTrue(count(replayed.alerts()) < count(kept.alerts()),
                "on the log scale " + count(replayed.alerts()) + " alerts, kept raw " + count(kept.alerts()));
    }

    /** Over-dispersed counts: Poisson with an exponentially distributed rate around a daily cycle of mean {@code base}. */
    private static double[] counts(double base, int n, long seed) {
        return counts(base, n, 1, seed);
    }

    /** As above, the rate's spread a gamma distribution of this shape (1: exponential; larger: less over-dispersed). */
    private static double[] counts(double base, int n, int shape, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double gamma = 0;
            for (int s = 0; s < shape; s++) gamma -= Math.log(1 - rnd.nextDouble()) / shape;
            double lambda = base * (1 + 0.5 * Math.sin(2 * Math.PI * i / 288)) * gamma;
            double l = Math.exp(-lambda), p = 1;
            int k = 0;
            do {
                k++;
                p *= rnd.nextDouble();
            } while (p > l);
            x[i] = k - 1;
        }
        return x;
    }

    @Test
    void aFallThatTheOneStepErrorsFollowAlertsThroughItsDepartureFromTheWindowsLevel() {
        // a sensor's reading falls by 6 noise levels over 3 hours (36 points) and stays there: each step is within the
        // noise, and the median of the last points follows the fall, so the one-step errors never grow much
        int alerted = 0, alertedWithout = 0;
        for (long seed = 1; seed <= 10; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            double[] x = new double[6000];
            for (int i = 0; i < x.length; i++) {
                x[i] = 60 + 2 * Math.sin(2 * Math.PI * i / 288) + 0.5 * rnd.nextGaussian() - (i >= 4000 ? 3 * Math.min(1, (i - 3999) / 36.0) : 0);
            }
            StreamingDetector.Config c = StreamingDetector.Config.defaults();
            if (anyIn(StreamingDetector.replay(x, c).alerts(), 4000, 4144)) alerted++;
            if (anyIn(StreamingDetector.replay(x, c.with("levelGatePercent", 0)).alerts(), 4000, 4144)) alertedWithout++;
        }
        assertTrue(alerted >= 9, "the departure from the window's level alerts within the 12 hours: " + alerted + " of 10");
        assertTrue(alertedWithout <= 1, "the one-step errors alone did not: " + alertedWithout + " of 10");
    }

    @Test
    void largerNoiseThatNoPointShowsAlertsThroughTheMeanDeviation() {
        // noise 1.5 times larger for 200 points: no point leaves its band far enough, the last 24 together do
        java.util.Random rnd = new java.util.Random(9);
        double[] x = new double[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * rnd.nextGaussian() * (i >= 3000 && i < 3200 ? 1.5 : 1);
        }
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        boolean[] withMean = StreamingDetector.replay(x, c).alerts();
        boolean[] pointOnly = StreamingDetector.replay(x, c.with("meanWindow", 0).with("combine", 0)).alerts();
        assertTrue(anyIn(withMean, 3000, 3100), "the mean deviation alerts within 100 points");
        assertFalse(anyIn(pointOnly, 3000, 3200), "no single point does");
    }

    @Test
    void theGateKeepsTheMeanDeviationFromAlertingOnNoise() {
        // pure noise: the mean's rank is uniform, so ungated it alerts on a share of the points; gated it adds nothing
        int gated = 0, ungated = 0, pointOnly = 0;
        for (long seed = 1; seed <= 5; seed++) {
            java.util.Random rnd = new java.util.Random(seed);
            double[] x = new double[8640];
            for (int i = 0; i < x.length; i++) x[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + 2 * rnd.nextGaussian();
            StreamingDetector.Config c = StreamingDetector.Config.defaults().with("discordLength", 0);
            gated += count(StreamingDetector.replay(x, c).alerts());
            ungated += count(StreamingDetector.replay(x, c.with("discordGatePercent", 0)).alerts());
            pointOnly += count(StreamingDetector.replay(x, c.with("meanWindow", 0).with("combine", 0)).alerts());
        }
        assertEquals(pointOnly, gated, "gated, the mean deviation and the level departure raise no alert on noise");
        assertTrue(ungated >= pointOnly + 5, "ungated it would: " + ungated + " vs " + pointOnly);
    }

    @Test
    void aHugeSpikeLeavesNoTraceInTheMeanDeviationOnceItIsOutOfTheWindow() {
        double[] x = Signals.noisySine(4000, 24, 5, 0.3, 4);
        double[] y = x.clone();
        y[1000] = 1e300; // its deviation is summed into the window's mean, then subtracted 24 points later; it scores < 1
        StreamingDetector.Config c = StreamingDetector.Config.defaults().with("discordLength", 0).with("suppress", 0);
        StreamingDetector a = new StreamingDetector(c), b = new StreamingDetector(c);
        for (int i = 0; i < x.length; i++) {
            a.push(x[i]);
            double s = b.push(y[i]).score();
            assertTrue(s >= 0 && s < 1, "row " + i + ": " + s);
            // once the spike has left the model's window too, the deviations are the same: so must their mean be
            if (i >= 1000 + c.window() + c.refitEvery() + c.meanWindow()) {
                assertEquals(a.meanDeviation(), b.meanDeviation(), 1e-9, "row " + i);
            }
        }
    }

    private static boolean anyIn(boolean[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i]) return true;
        return false;
    }

    @Test
    void whileTheScaleIsUndecidedEveryPointIsCountedAndGetsNoVerdict() {
        StreamingDetector d = new StreamingDetector(StreamingDetector.Config.defaults());
        double[] x = counts(30, 60, 3);
        for (int i = 0; i < x.length; i++) {
            StreamingDetector.Step s = d.push(x[i]);
            assertEquals(i + 1, d.size());
            if (i < 48) assertEquals(new StreamingDetector.Step(x[i], 0, 0, 0, false, 0, 0, false), s, "row " + i);
        }
    }

    @Test
    void onTheLogScaleTheScoresAreThoseOfTheTransformedSeries() {
        double[] x = counts(30, 3000, 3);
        StreamingDetector.Config c = StreamingDetector.Config.defaults();
        double unit = StreamingDetector.logScale(java.util.Arrays.copyOf(x, c.minHistory()), c.logSkew());
        assertTrue(unit > 0, "skewed counts go on the log scale");
        double[] transformed = new double[x.length];
        for (int i = 0; i < x.length; i++) transformed[i] = Math.log1p(x[i] / unit);
        double[] logged = StreamingDetector.replay(x, c).scores(), byHand = StreamingDetector.replay(transformed, c.with("logSkew", 0)).scores();
        for (int i = 0; i < x.length; i++) assertEquals(byHand[i], logged[i], 0.0, "row " + i);
    }

    @Test
    void overDispersedCountsRaiseFewerAlertsOnTheLogScale() {
        // no incidents: every alert is a false one; in raw units the bursts of the noise leave the band
        int raw = 0, logged = 0;
        for (long seed : new long[]{2, 3, 4}) {
            double[] x = counts(30, 4000, seed);
            StreamingDetector.Config c = StreamingDetector.Config.defaults();
            logged += count(StreamingDetector.replay(x, c).alerts());
            raw += count(StreamingDetector.replay(x, c.with("logSkew", 0)).alerts());
        }
        assertTrue(raw >= 6 && logged * 2 <= raw, "log scale " + logged + " alerts, raw " + raw);
    }

    @Test
    void tailRanksAgainstEarlierValues() {
        StreamingDetector.Tail t = new StreamingDetector.Tail(4);
        assertEquals(0.0, t.scoreThenAdd(1));
        assertEquals(1 - 2 / 2.0, t.scoreThenAdd(1), 1e-12);          // one earlier value ≥ 1
        assertEquals(1 - (1 / 3.0) / 3, t.scoreThenAdd(3), 1e-12);    // beyond the max: (max/v)/(M+1)
        assertEquals(1 - (1 / 4.0) / 4, t.scoreThenAdd(12), 1e-12);   // max 3, v 12
        t.scoreThenAdd(0);                                            // window of 4: the first 1 leaves
        assertEquals(1 - 3 / 5.0, t.scoreThenAdd(2), 1e-12);          // 3 and 12 are ≥ 2 among {1, 3, 12, 0}
    }

    @Test
    void aFullTailRanksAgainstExactlyTheLastValuesItHolds() {
        // few distinct values, so ties and equal in/out values are common
        java.util.Random r = new java.util.Random(11);
        int capacity = 37;
        StreamingDetector.Tail t = new StreamingDetector.Tail(capacity);
        java.util.ArrayDeque<Double> window = new java.util.ArrayDeque<>();
        for (int step = 0; step < 3000; step++) {
            double v = r.nextInt(12) * 0.5;
            double want;
            if (window.isEmpty()) {
                want = 0;
            } else {
                long ge = window.stream().filter(w -> w >= v).count();
                double max = window.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                want = ge > 0 ? 1 - (ge + 1.0) / (window.size() + 1.0)
                        : 1 - (max > 0 && v > 0 ? max / v : 1) / (window.size() + 1.0);
            }
            assertEquals(want, t.scoreThenAdd(v), 1e-12, "step " + step);
            window.addLast(v);
            if (window.size() > capacity) window.removeFirst();
            double[] sorted = window.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertEquals(sorted[sorted.length / 2], t.median(), 0.0, "step " + step);
        }
    }

    @Test
    void insideItsBandAPointScoresAtMostTheCap() {
        double[] x = Signals.noisySine(3000, 24, 5, 0.5, 12);
        for (int i = 500; i < x.length; i += 400) x[i] += 8; // some points leave the band (8.2 σ of ~0.5 at the default)
        // the point's own rank only (the mean deviation may lift an in-band point above the cap: that is its purpose)
        StreamingDetector.Config c = StreamingDetector.Config.defaults().with("discordLength", 0)
                .with("meanWindow", 0).with("combine", 0);
        StreamingDetector d = new StreamingDetector(c);
        int outside = 0;
        for (double v : x) {
            StreamingDetector.Step s = d.push(v);
            if (!s.anomaly()) assertTrue(s.score() <= c.inBandCapPerMyriad() / 10_000.0, "in band: " + s);
            else outside++;
        }
        assertTrue(outside >= 5, "points outside the band: " + outside);
    }

    @Test
    void theSlidingDiscordDistanceIsTheClosestEarlierStretchsDistance() {
        java.util.Random r = new java.util.Random(3);
        int m = 7, history = 40, n = 2600; // long enough to pass the fresh sums at multiples of REFRESH
        double[] x = new double[n];
        StreamingDetector.Discord d = new StreamingDetector.Discord(m, history);
        for (int t = 0; t < n; t++) {
            x[t] = 1000 + 10 * Math.sin(t / 5.0) + r.nextGaussian() + (t % 500 == 250 ? 40 : 0);
            double got = d.push(x, t);
            double want = Double.POSITIVE_INFINITY;
            for (int k = m / 2; k <= Math.min(history, t - m + 1); k++) {
                double s2 = 0;
                for (int q = t - m + 1; q <= t; q++) s2 += (x[q] - x[q - k]) * (x[q] - x[q - k]);
                want = Math.min(want, s2);
            }
            if (want == Double.POSITIVE_INFINITY) assertTrue(Double.isNaN(got), "t " + t);
            else assertEquals(Math.sqrt(want), got, 1e-7 * (1 + Math.sqrt(want)), "t " + t);
        }
    }

    @Test
    void aModestSustainedShiftThatTheLevelFollowsScoresHigherWithTheDiscord() {
        // 2 σ up for 60 points of a noisy level: no single point is extreme (one in ~80 normal points goes as far),
        // and the model's level (a median of the last points) soon follows; the stretch of 16 points is far from
        // every earlier one
        int n = 3000, from = 2400, to = 2460;
        double[] x = Signals.noise(n, 50, 1.0, 8);
        for (int i = from; i < to; i++) x[i] += 2.0;
        StreamingDetector.Config withDiscord = StreamingDetector.Config.defaults();
        StreamingDetector.Config without = withDiscord.with("discordLength", 0);
        double best = 0, bestWithout = 0;
        double[] a = run(x, withDiscord), b = run(x, without);
        for (int i = from; i < to + 16; i++) {
            best = Math.max(best, a[i]);
            bestWithout = Math.max(bestWithout, b[i]);
        }
        assertTrue(best >= 0.999, "with the discord the shift ranks above nearly all history: " + best);
        assertTrue(best > bestWithout, "above what the point errors alone give it: " + best + " vs " + bestWithout);
    }

    @Test
    void aSpikeLeavesNoRoundingBehindOnANearlyRepeatingSeries() {
        // a fixed pattern of 20 values repeated with noise of 1e-9, and one spike of 1e6: after the spike has left
        // the stretches, the closest distance is ~1e-8 again; a slide that subtracted the spike's square (1e12)
        // would leave rounding of order 1e-4 behind for up to a thousand points, which would rank above all before
        java.util.Random r = new java.util.Random(5);
        double[] pattern = new double[20];
        for (int i = 0; i < 20; i++) pattern[i] = r.nextGaussian() * 3.7;
        int n = 1600, m = 16, history = 200;
        double[] x = new double[n];
        StreamingDetector.Discord d = new StreamingDetector.Discord(m, history);
        for (int t = 0; t < n; t++) {
            x[t] = t == 500 ? 1e6 : pattern[t % 20] + 1e-9 * r.nextGaussian();
            double got = d.push(x, t);
            if (t < 500 + m + 20) continue;
            double want = Double.POSITIVE_INFINITY;
            for (int k = m / 2; k <= Math.min(history, t - m + 1); k++) {
                double s2 = 0;
                for (int q = t - m + 1; q <= t; q++) s2 += (x[q] - x[q - k]) * (x[q] - x[q - k]);
                want = Math.min(want, s2);
            }
            assertEquals(Math.sqrt(want), got, 1e-3 * Math.sqrt(want), "t " + t);
        }
        assertThrows(IllegalStateException.class, () -> d.push(x, n + 5), "points out of order are refused");
        assertThrows(IllegalArgumentException.class, () -> new StreamingDetector.Discord(16, 7));
    }
}
