package io.wattline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wattline.config.Settings;
import io.wattline.domain.ProductionCount;
import io.wattline.domain.Reading;
import io.wattline.domain.Resolution;
import io.wattline.domain.Rollup;
import io.wattline.store.timestream.TimestreamTelemetryStore;
import io.wattline.testing.LocalStackImage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.timestreamwrite.TimestreamWriteClient;

/**
 * The Timestream telemetry adapter (TELEMETRY_BACKEND=timestream) against LocalStack, the only local
 * Timestream. Timestream is not in LocalStack's free community build, so this runs only where
 * LOCALSTACK_AUTH_TOKEN is set and a Docker engine runs, on {@link LocalStackImage}'s image for a
 * token; it is skipped, with whichever of the two reasons applies, elsewhere.
 */
@EnabledIfEnvironmentVariable(named = LocalStackImage.TOKEN_VARIABLE, matches = ".*\\S.*", disabledReason = "LOCALSTACK_AUTH_TOKEN"
        + " is not set: Timestream is not in LocalStack's free community build, so the Timestream adapter test is"
        + " skipped (set the token, with a Docker engine running, to run it)")
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine on this machine: the Timestream adapter test"
        + " against LocalStack is skipped")
class TimestreamLocalStackTest {
    private static LocalStackContainer localstack;
    private static TimestreamTelemetryStore store;

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @BeforeAll
    static void start() {
        String token = LocalStackImage.token();
        localstack = new LocalStackContainer(LocalStackImage.image(token))
                .withEnv(LocalStackImage.environment(token))
                .withServices("timestream-write", "timestream-query");
        localstack.start();
        Settings settings = Settings.from(Map.of("AWS_REGION", localstack.getRegion(),
                "TIMESTREAM_ENDPOINT", localstack.getEndpoint().toString(), "TELEMETRY_BACKEND", "timestream",
                "WATTLINE_ACCESS_KEY_ID", localstack.getAccessKey(), "WATTLINE_SECRET_ACCESS_KEY", localstack.getSecretKey()));
        try (TimestreamWriteClient admin = TimestreamWriteClient.builder().endpointOverride(localstack.getEndpoint())
                .region(Region.of(localstack.getRegion())).endpointDiscoveryEnabled(false)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()))).build()) {
            admin.createDatabase(b -> b.databaseName(settings.timestreamDatabase()));
            admin.createTable(b -> b.databaseName(settings.timestreamDatabase()).tableName(settings.timestreamTable())
                    .retentionProperties(r -> r.memoryStoreRetentionPeriodInHours(24L).magneticStoreRetentionPeriodInDays(3650L)));
        }
        store = TimestreamTelemetryStore.create(settings);
    }

    @AfterAll
    static void stop() {
        if (localstack != null) localstack.stop();
    }

    @Test
    void readingsProductionAndRollupsRoundTrip() {
        UUID m = UUID.randomUUID();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            readings.add(new Reading(m, t0.plusSeconds(60L * i), 10 + i % 5, (10 + i % 5) / 60.0, null, 400.0, 0.9, null, null));
        }
        store.writeReadings(readings);
        store.writeReadings(readings.subList(0, 10)); // idempotent
        store.writeProduction(List.of(new ProductionCount(m, t0.plusSeconds(3600), 40, 1)));
        assertEquals(readings, store.readings(m, t0, t0.plus(Duration.ofHours(2))));
        assertEquals(40, store.production(m, t0, t0.plus(Duration.ofHours(2))).get(0).productionCount());
        List<Rollup> hours = store.rollups(m, Resolution.HOUR, t0, t0.plus(Duration.ofHours(2)));
        assertEquals(2, hours.size());
        assertEquals(60, hours.get(0).samples());
        double energy = readings.subList(0, 60).stream().mapToDouble(Reading::energyKwh).sum();
        assertEquals(energy, hours.get(0).energyKwh(), 1e-9);
        assertTrue(store.latest(m).isPresent());
    }
}
