package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every function runs under SnapStart on AWS, where the instances restored from one snapshot share whatever random
 * state it holds: {@code java.util.Random}, {@code ThreadLocalRandom} and {@code Math.random} then draw the same
 * numbers in each (AWS, "Handling uniqueness with Lambda SnapStart"). A claim token drawn that way let two new
 * instances writing one hour share a claim. The functions' code draws from {@code SecureRandom} or
 * {@code UUID.randomUUID()}, which mix in each instance's own entropy.
 */
class SnapStartUniquenessTest {
    static final Pattern SNAPSHOT_SHARED = Pattern.compile("ThreadLocalRandom|new Random\\(|java\\.util\\.Random\\b|Math\\.random\\("
            + "|new SplittableRandom\\(\\)|RandomGenerator\\.getDefault|RandomGenerator\\.of\\(|Collections\\.shuffle\\([^,)]*\\)");

    @Test
    void noFunctionCodeDrawsFromARandomSourceTheSnapshotHolds() throws IOException {
        List<Path> roots = List.of(Path.of("../../shared"), Path.of("../../functions"));
        List<String> found;
        try (Stream<Path> files = roots.stream().flatMap(SnapStartUniquenessTest::walk)) {
            found = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .flatMap(f -> lines(f).stream().filter(l -> SNAPSHOT_SHARED.matcher(l).find()).map(l -> f + ": " + l.strip()))
                    .toList();
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theScanSeesTheFunctionsCode() throws IOException {
        try (Stream<Path> files = walk(Path.of("../../shared"))) {
            assertTrue(files.anyMatch(f -> f.endsWith("DynamoTelemetryStore.java")));
        }
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
