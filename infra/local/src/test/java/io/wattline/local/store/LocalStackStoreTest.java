package io.wattline.local.store;

import io.wattline.config.Settings;
import io.wattline.local.LocalStorage;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The same storage contract against LocalStack (DynamoDB and S3) in a container. Skipped, with its
 * reason, where no Docker engine runs. Timestream is not in LocalStack's free edition: its adapter is
 * exercised only with {@code LOCALSTACK_AUTH_TOKEN} set (LocalStack Pro).
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine on this machine: LocalStack adapter tests"
        + " skipped (the same contract runs against DynamoDB Local and S3Proxy in DynamoDbLocalStoreTest)")
class LocalStackStoreTest extends StoreContract {
    private static LocalStackContainer localstack;
    private static Settings settings;

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @BeforeAll
    static void start() {
        localstack = new LocalStackContainer("localstack/localstack:4").withServices("dynamodb", "s3");
        localstack.start();
        String endpoint = localstack.getEndpoint().toString();
        settings = Settings.from(Map.of("AWS_REGION", localstack.getRegion(), "DYNAMODB_ENDPOINT", endpoint,
                "S3_ENDPOINT", endpoint, "WATTLINE_ACCESS_KEY_ID", localstack.getAccessKey(),
                "WATTLINE_SECRET_ACCESS_KEY", localstack.getSecretKey()));
        LocalStorage.provision(settings);
    }

    @AfterAll
    static void stop() {
        if (localstack != null) localstack.stop();
    }

    @Override
    Settings settings() {
        return settings;
    }
}
