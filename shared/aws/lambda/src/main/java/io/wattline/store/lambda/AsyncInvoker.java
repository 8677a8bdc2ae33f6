package io.wattline.store.lambda;

import io.wattline.config.Settings;
import io.wattline.store.aws.AwsClientSettings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsCnPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsEuscPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsIsoBPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsIsoEPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsIsoFPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsIsoPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsPartitionMetadata;
import software.amazon.awssdk.regions.partitionmetadata.AwsUsGovPartitionMetadata;
import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Lambda's Invoke operation with {@code InvocationType=Event} (queue the event, answer 202), sent through the SDK's
 * own pieces: its SigV4 signer, its credentials chain, its HTTP client and its backoff. The SDK's Lambda client sends
 * the same request, but its model of all of Lambda's operations is 2.9 MB of a function's jar (the data function's
 * 12.7 MB → 9.3 MB without it), and the functions send this one request only. As the SDK's standard retry mode does, it
 * tries three times on throttling (429), 5xx and I/O errors, with jittered exponential backoff from 100 ms (1 s after
 * throttling) up to 20 s.
 */
final class AsyncInvoker {
    private static final int ATTEMPTS = 3;
    private static final BackoffStrategy BACKOFF = BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(20));
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create(); // stateless
    private static final BackoffStrategy THROTTLED = BackoffStrategy.exponentialDelay(Duration.ofSeconds(1), Duration.ofSeconds(20));

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;

    AsyncInvoker(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
    }

    /** The invoker of these settings: their region, keys and endpoint override (the local cloud's gateway). */
    static AsyncInvoker of(Settings settings) {
        return new AsyncInvoker(UrlConnectionHttpClient.create(), AwsClientSettings.credentials(settings),
                settings.region(), endpoint(settings));
    }

    /** The override, else the region's endpoint ({@link #regionalEndpoint}). */
    static URI endpoint(Settings settings) {
        return settings.lambdaEndpoint().orElseGet(() -> regionalEndpoint(settings.region()));
    }

    /** The SDK's partitions, each with the pattern of its regions' names and its DNS suffix. */
    private static final List<PartitionMetadata> PARTITIONS = List.of(new AwsPartitionMetadata(), new AwsCnPartitionMetadata(),
            new AwsUsGovPartitionMetadata(), new AwsEuscPartitionMetadata(), new AwsIsoPartitionMetadata(),
            new AwsIsoBPartitionMetadata(), new AwsIsoEPartitionMetadata(), new AwsIsoFPartitionMetadata());

    /**
     * Lambda's endpoint in a region, from the SDK's partition metadata ({@code lambda.<region>.<partition's suffix>}:
     * amazonaws.com, amazonaws.com.cn in China, ...). Not from {@code ServiceMetadata.of("lambda")} or
     * {@code Region.metadata()}: both load the endpoint metadata of every AWS service, which the function jars leave out
     * (pom.xml), so on AWS they threw NoClassDefFoundError and no job or task started.
     */
    static URI regionalEndpoint(String region) {
        PartitionMetadata partition = PARTITIONS.stream().filter(p -> region.matches(p.regionRegex())).findFirst()
                .orElse(PARTITIONS.getFirst()); // a region newer than this SDK: most likely the commercial partition's
        return URI.create("https://lambda." + region + "." + partition.dnsSuffix());
    }

    /** Queues {@code payload} (JSON) for the function; throws if Lambda refuses it or stays unreachable. */
    void invoke(String functionName, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/2015-03-31/functions/" + URLEncoder.encode(functionName, StandardCharsets.UTF_8) + "/invocations")
                .putHeader("X-Amz-Invocation-Type", "Event")
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        for (int attempt = 1; ; attempt++) {
            String failure;
            boolean throttled = false;
            try {
                // signed per attempt: the signature dates the request
                SignedRequest signed = SIGNER.sign(r -> r.identity(credentials.resolveCredentials())
                        .request(request).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
                HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                        .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build()).call();
                int status = response.httpResponse().statusCode();
                if (status / 100 == 2) return; // queued: its body is not needed, and a failure to read it is no reason to send again
                String answer = read(response);
                throttled = status == 429;
                failure = "Lambda answered " + status + " to the invocation of " + functionName
                        + response.httpResponse().firstMatchingHeader("X-Amzn-ErrorType").map(t -> " (" + t + ")").orElse("")
                        + (answer.isBlank() ? "" : ": " + answer);
                if (status != 429 && status / 100 != 5) throw new IllegalStateException(failure);
            } catch (IOException e) {
                failure = "invocation of " + functionName + " failed: " + e;
            }
            if (attempt == ATTEMPTS) throw new IllegalStateException(failure + " (after " + ATTEMPTS + " attempts)");
            sleep((throttled ? THROTTLED : BACKOFF).computeDelay(attempt));
        }
    }

    private static String read(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) return "";
        try (InputStream in = response.responseBody().get()) {
            String text = new String(in.readNBytes(2_000), StandardCharsets.UTF_8);
            return text.strip();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between invocation attempts", e);
        }
    }
}
