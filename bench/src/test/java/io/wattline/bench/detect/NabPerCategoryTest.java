package io.wattline.bench.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NabPerCategoryTest {

    @Test
    void aPerfectCategoryScores100AndASilentOne0() {
        List<NabRunner.DataFile> files = new ArrayList<>();
        List<NabScorer.Series> corpus = new ArrayList<>();
        for (String key : List.of("good/a.csv", "good/b.csv", "silent/c.csv")) {
            double[] scores = new double[100];
            if (key.startsWith("good")) scores[50] = 1; // the window's left edge
            int[][] windows = {{50, 59}};
            files.add(new NabRunner.DataFile(key, List.of(), new double[100], windows));
            corpus.add(new NabScorer.Series(key, scores, windows));
        }
        List<NabScorer.Result> results = NabScorer.PROFILES.stream().map(p -> NabScorer.evaluate(corpus, p)).toList();
        String md = NabRunner.perCategory(files, corpus, results);
        assertTrue(md.contains("| good | 2 | 2 | 100.0 | 100.0 | 100.0 |"), md);
        assertTrue(md.contains("| silent | 1 | 1 | 0.0 | 0.0 | 0.0 |"), md);
    }
}
