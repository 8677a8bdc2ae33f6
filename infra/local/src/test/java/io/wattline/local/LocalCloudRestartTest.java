package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.domain.Reading;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Data on disk survives a restart; the second start tops the demo up instead of seeding it again. */
class LocalCloudRestartTest {
    @Test
    void dataSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("wattline-restart");
        UUID pump = UUID.fromString("c0000000-0000-0000-0000-000000000004");
        Reading extra = new Reading(pump, Instant.parse("2024-06-01T12:00:00Z"), 12.5, 0.2083, null, null, null, null, null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LocalCloud.Options options = LocalCloud.Options.defaults().withDataDir(dir).withPort(0).withSeedDays(1)
                .withScheduler(false).withLive(false).withProgress(new PrintStream(progress, true, StandardCharsets.UTF_8));
        Seeder.Result first;
        try (LocalCloud cloud = LocalCloud.start(options)) {
            first = cloud.seeding();
            assertTrue(first.readings() >= 8 * 24 * 60 - 8, "a day for each of 8 machines: " + first.readings());
            assertTrue(progress.toString(StandardCharsets.UTF_8).contains("seeding demo plant: 100%"), "progress line");
            cloud.stores().telemetry().writeReadings(List.of(extra));
        }
        try (LocalCloud cloud = LocalCloud.start(options.withProgress(new PrintStream(new ByteArrayOutputStream())))) {
            Seeder.Result second = cloud.seeding();
            assertEquals(first.anchor(), second.anchor(), "incidents stay where the first seeding put them");
            assertTrue(second.readings() < 8 * 30, "only the minutes since the first start: " + second.readings());
            assertEquals(List.of(extra), cloud.stores().telemetry().readings(pump, extra.timestamp(),
                    extra.timestamp().plusSeconds(60)));
            assertEquals(8, cloud.stores().catalog().machines().size());
            assertFalse(dir.resolve("dynamodb").toFile().list().length == 0, "DynamoDB Local keeps its file in the data folder");
        }
    }
}
