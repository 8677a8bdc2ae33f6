package io.wattline.http;

/**
 * Warm-up that a module adds to every function's SnapStart priming ({@link LambdaFunction#beforeCheckpoint}), found
 * with {@link java.util.ServiceLoader}: the core knows no AWS client, the module that builds them warms them.
 */
public interface SnapshotPriming {
    /** Runs before the snapshot: loads and exercises code the first request after a restore would otherwise pay for. */
    void prime();
}
