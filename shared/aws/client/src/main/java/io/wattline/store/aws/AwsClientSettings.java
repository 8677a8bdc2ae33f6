package io.wattline.store.aws;

import io.wattline.config.Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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

    private static AwsCredentialsProvider credentials(Settings s) {
        if (s.staticAccessKey().isPresent() && s.staticSecretKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.staticAccessKey().get(), s.staticSecretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
