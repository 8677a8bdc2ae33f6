package io.wattline.store.aws;

import io.wattline.config.Settings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class AwsClientSettingsTest {
    private static final Map<String, String> LAMBDA_ENV = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token");

    @Test
    void theSettingsOwnKeysComeFirst() {
        Settings s = Settings.from(Map.of("WATTLINE_ACCESS_KEY_ID", "local", "WATTLINE_SECRET_ACCESS_KEY", "local-secret"));
        var provider = AwsClientSettings.credentials(s, LAMBDA_ENV);
        assertInstanceOf(StaticCredentialsProvider.class, provider);
        AwsCredentials c = provider.resolveCredentials();
        assertEquals("local", c.accessKeyId());
        assertEquals("local-secret", c.secretAccessKey());
    }

    @Test
    void keysInTheEnvironmentAreReadFromItAlone() {
        var provider = AwsClientSettings.credentials(Settings.from(Map.of()), LAMBDA_ENV);
        assertInstanceOf(EnvironmentVariableCredentialsProvider.class, provider);
    }

    @Test
    void withoutKeysInTheEnvironmentTheDefaultChainDecides() {
        // SnapStart functions get container credentials instead of keys in the environment
        var provider = AwsClientSettings.credentials(Settings.from(Map.of()),
                Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds", "AWS_ACCESS_KEY_ID", " "));
        assertInstanceOf(DefaultCredentialsProvider.class, provider);
        var both = new java.util.HashMap<>(LAMBDA_ENV);
        both.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/creds");
        assertInstanceOf(DefaultCredentialsProvider.class, AwsClientSettings.credentials(Settings.from(Map.of()), both));
    }
}
