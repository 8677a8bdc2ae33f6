package io.wattline.store.aws;

import io.wattline.config.Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Optional;

/** Applies region, credentials and an optional endpoint override to any SDK client builder. */
public final class AwsClientSettings {
    private AwsClientSettings() {}

    public static <B extends AwsClientBuilder<B, ?>> B apply(B builder, Settings settings, Optional<URI> endpoint) {
        builder.region(Region.of(settings.region())).credentialsProvider(credentials(settings));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The credentials of these settings (see below); for requests that the SDK signs outside a service client. */
    public static AwsCredentialsProvider credentials(Settings s) {
        return credentials(s, System.getenv());
    }

    /**
     * The explicit keys of the settings (the local cloud's); else, where the environment holds keys and no container
     * credentials (Lambda's execution role without SnapStart), those alone; else the SDK's default chain (SnapStart's
     * container credentials, profiles, instance roles). Building the default chain for keys that are in the environment
     * anyway costs a cold start tens of milliseconds (docs/BENCHMARKS.md, "What each cold-start change bought").
     */
    static AwsCredentialsProvider credentials(Settings s, java.util.Map<String, String> env) {
        if (s.staticAccessKey().isPresent() && s.staticSecretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.staticAccessKey().get(), s.staticSecretKey().get()));
        }
        // with SnapStart Lambda sets container credentials instead (keys read before a snapshot would go stale)
        if (present(env.get("AWS_ACCESS_KEY_ID")) && present(env.get("AWS_SECRET_ACCESS_KEY"))
                && !present(env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }
}
