package io.wattline.local.store;

import io.wattline.config.Settings;
import io.wattline.local.LocalStorage;
import io.wattline.testing.LocalStackImage;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The same storage contract against LocalStack (DynamoDB and S3) in a container. Skipped, with its
 * reason, where no Docker engine runs. The image is {@link LocalStackImage}'s choice: the last
 * community release, which starts without a token, or, with {@code LOCALSTACK_AUTH_TOKEN} set, the
 * current image that needs it. Timestream is not in the community build: its adapter is exercised
 * only with the token (TimestreamLocalStackTest in functions/data).
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
        String token = LocalStackImage.token();
        localstack = new LocalStackContainer(LocalStackImage.image(token))
                .withEnv(LocalStackImage.environment(token)).withServices("dynamodb", "s3");
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
