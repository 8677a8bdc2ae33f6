package io.wattline.bench.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NabRunnerCaveatTest {
    /** {@code artificial} artificial series, then real ones up to {@code total}, keyed as NabRunner keys them. */
    static List<String> corpus(int total, int artificial) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < artificial; i++) {
            keys.add((i % 2 == 0 ? "artificialWithAnomaly" : "artificialNoAnomaly") + "/art_" + i + ".csv");
        }
        for (int i = artificial; i < total; i++) keys.add("realKnownCause/series_" + i + ".csv");
        return keys;
    }

    @Test
    void devLikeSubsetIsCalledASubsetWithItsOwnCounts() {
        String c = NabRunner.caveat(corpus(13, 6));
        assertTrue(c.contains("a subset of NAB's corpus (13 of its 58 series, 6 of them artificial)"), c);
        assertTrue(c.contains("not comparable one-to-one"), c);
        assertTrue(c.contains("Run the command on NAB's full"), c);
    }

    @Test
    void countsComeFromTheCorpusNotAFixedText() {
        String c = NabRunner.caveat(corpus(20, 2));
        assertTrue(c.contains("(20 of its 58 series, 2 of them artificial)"), c);
    }

    @Test
    void fullCorpusIsNotCalledASubset() {
        String c = NabRunner.caveat(corpus(58, 11));
        assertTrue(c.contains("all of NAB's 58 series (11 of them artificial)"), c);
        assertTrue(c.contains("compare with the published ones"), c);
        assertFalse(c.contains("subset"), c);
        assertFalse(c.contains("13 of NAB's 58"), c);
        assertFalse(c.contains("not comparable"), c);
        assertFalse(c.contains("Run the command on NAB's full"), c);
    }

    @Test
    void largerThanNabIsNotCalledNab() {
        String c = NabRunner.caveat(corpus(60, 0));
        assertTrue(c.contains("60 series (0 of them artificial), not NAB's 58"), c);
        assertFalse(c.contains("subset of NAB"), c);
    }

    @Test
    void artificialMeansAnArtificialCategory() {
        assertEquals(NabRunner.caveat(corpus(13, 6)),
                NabRunner.caveat(List.of("artificialWithAnomaly/a.csv", "artificialNoAnomaly/b.csv", "artificialX/c.csv",
                        "artificialWithAnomaly/d.csv", "artificialWithAnomaly/e.csv", "artificialWithAnomaly/f.csv",
                        "realKnownCause/art_lookalike.csv", "realAWSCloudwatch/g.csv", "realTweets/h.csv",
                        "realTraffic/i.csv", "realAdExchange/j.csv", "realKnownCause/k.csv", "realKnownCause/l.csv")));
    }
}
