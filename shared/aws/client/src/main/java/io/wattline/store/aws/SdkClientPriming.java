package io.wattline.store.aws;

import io.wattline.http.SnapshotPriming;
import software.amazon.awssdk.core.warmup.SdkWarmUp;

/**
 * SnapStart priming of the AWS SDK with its own {@link SdkWarmUp}: it builds each service client on the function's
 * classpath (a function jar holds only the clients it uses) on an in-memory HTTP client and runs one of its operations
 * unsigned, then sends one best-effort GET through each HTTP client to the regional STS endpoint, without credentials,
 * so that the HTTP, DNS and TLS paths are in the snapshot too (the SDK's design for SnapStart and CRaC: failures are
 * logged, the HTTP client is closed). It reads and writes no table; {@code DynamoDbPriming} and {@code S3Priming}
 * add the signed operations the stores send. Figures: docs/BENCHMARKS.md.
 */
public final class SdkClientPriming implements SnapshotPriming {
    @Override
    public void prime() {
        SdkWarmUp.warmUp();
    }
}
