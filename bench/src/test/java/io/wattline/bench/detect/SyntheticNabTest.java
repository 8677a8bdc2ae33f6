package io.wattline.bench.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticNabTest {

    @Test
    void writesACorpusNabRunnerReadsWithWindowsByNabsRule(@TempDir Path dir) throws Exception {
        SyntheticNab.write(dir, 7, 2);
        List<NabRunner.DataFile> files = NabRunner.load(dir);
        assertEquals(2 * SyntheticNab.CATEGORIES.size(), files.size());
        for (NabRunner.DataFile f : files) {
            int n = f.values().length;
            assertTrue(f.windows().length >= 1 && f.windows().length <= 3, f.key());
            int probation = NabScorer.probationaryLength(n);
            for (int[] w : f.windows()) {
                // centred on an incident after the probationary part, 10 % of the file split among its incidents
                assertTrue(w[0] + (w[1] - w[0]) / 2 > probation, f.key() + " window in probation");
                assertTrue(w[1] < n, f.key());
                int expected = (int) (0.1 * n / f.windows().length);
                assertTrue(Math.abs((w[1] - w[0]) - expected) <= 1 || w[1] == n - 1, f.key() + " window " + (w[1] - w[0]));
            }
            for (double v : f.values()) assertTrue(Double.isFinite(v), f.key());
        }
    }

    @Test
    void overlappingLabelWindowsAreRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c/a.csv"), "timestamp,value\n2020-01-01 00:00:00,1\n2020-01-01 00:05:00,2\n"
                + "2020-01-01 00:10:00,3\n");
        Files.writeString(dir.resolve("combined_windows.json"), "{\"c/a.csv\": [[\"2020-01-01 00:00:00\", "
                + "\"2020-01-01 00:05:00\"], [\"2020-01-01 00:05:00\", \"2020-01-01 00:10:00\"]]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NabRunner.load(dir));
        assertTrue(e.getMessage().contains("c/a.csv"), e.getMessage());
    }

    @Test
    void aSeedGivesTheSameCorpusAndAnotherSeedAnother(@TempDir Path dir) throws Exception {
        SyntheticNab.write(dir.resolve("a"), 3, 1);
        SyntheticNab.write(dir.resolve("b"), 3, 1);
        SyntheticNab.write(dir.resolve("c"), 4, 1);
        String file = "synthCounts/counts_0.csv";
        assertEquals(Files.readString(dir.resolve("a").resolve(file)), Files.readString(dir.resolve("b").resolve(file)));
        assertNotEquals(Files.readString(dir.resolve("a").resolve(file)), Files.readString(dir.resolve("c").resolve(file)));
        assertEquals(Files.readString(dir.resolve("a/combined_windows.json")), Files.readString(dir.resolve("b/combined_windows.json")));
    }

    @Test
    void incidentsStayApartAndAfterTheProbationaryPartForManySeeds() {
        // the demand series move a holiday to a weekday's midnight: it must still keep its distance and its place
        for (long seed = 0; seed < 3000; seed++) {
            SyntheticNab.Generated g = SyntheticNab.seasonal(new java.util.Random(SyntheticNab.mix(seed)));
            int n = g.values().length, w = (int) (0.1 * n / g.incidents().size());
            int previous = Integer.MIN_VALUE / 2;
            for (int a : g.incidents()) {
                assertTrue(a >= (int) (0.18 * n) && a > NabScorer.probationaryLength(n), "seed " + seed + ": incident at " + a + " of " + n);
                assertTrue(a - previous > w, "seed " + seed + ": windows overlap at " + a);
                previous = a;
            }
        }
    }

    @Test
    void countIncidentsDepartFarFromTheDayBefore() {
        // counts: every incident is a surge or an outage; the incident's points differ from the day before by far
        for (long seed = 0; seed < 20; seed++) {
            SyntheticNab.Generated g = SyntheticNab.counts(new java.util.Random(seed));
            for (int a : g.incidents()) {
                double during = 0, before = 0;
                for (int q = a; q < a + 24; q++) during += g.values()[q];
                for (int q = a - 288; q < a - 288 + 24; q++) before += g.values()[q];
                assertTrue(during < 0.3 * before || during > 2 * before, "seed " + seed + " at " + a + ": " + during + " vs " + before);
            }
        }
    }
}
