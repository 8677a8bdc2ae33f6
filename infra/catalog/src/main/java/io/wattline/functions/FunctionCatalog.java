package io.wattline.functions;

import java.util.List;
import java.util.Optional;

/**
 * The one list of the suite's Lambda functions: their handler classes (loaded by name, so the core
 * does not depend on the function modules) and what each may touch. The CDK stack derives routes,
 * IAM grants and sizes from it; the local cloud loads the same handlers from it.
 */
public final class FunctionCatalog {
    /** What a function may do with one resource; the CDK stack grants exactly this. */
    public enum Access { NONE, READ, READ_WRITE }

    /**
     * @param name        short name: module {@code functions/<name>}, Lambda {@code wattline-<name>}
     * @param handler     the {@link io.wattline.http.LambdaFunction} subclass
     * @param catalog     factories, machines, tariffs, carbon factors
     * @param telemetry   readings, production, roll-ups, samples
     * @param state       jobs, snapshots, keys, baselines, model metadata, twin state
     * @param artifacts   the S3 model-artefact bucket
     * @param invokes     other functions it invokes asynchronously (job triggers, background work)
     * @param memoryMb    Lambda memory size
     * @param timeoutSeconds Lambda timeout
     * @param stateKeys   where it has its own partitions of the state table: the partition-key patterns ({@code
     *                    dynamodb:LeadingKeys}, {@code *} for any ending) it may touch, and no other item; empty for
     *                    the whole table
     * @param artifactKeys the key patterns of the artefact bucket it reads and writes ({@code *} for any ending; a
     *                    purge deletes every version under its prefix, so no function may delete another's models); empty
     *                    for the whole bucket
     */
    public record FunctionSpec(String name, String handler, Access catalog, Access telemetry, Access state,
                               Access artifacts, List<String> invokes, int memoryMb, int timeoutSeconds,
                               List<String> stateKeys, List<String> artifactKeys) {
        public FunctionSpec {
            invokes = List.copyOf(invokes);
            stateKeys = List.copyOf(stateKeys);
            artifactKeys = List.copyOf(artifactKeys);
        }

        /** A function with the whole state table and the whole bucket, as its access says. */
        public FunctionSpec(String name, String handler, Access catalog, Access telemetry, Access state,
                            Access artifacts, List<String> invokes, int memoryMb, int timeoutSeconds) {
            this(name, handler, catalog, telemetry, state, artifacts, invokes, memoryMb, timeoutSeconds, List.of(), List.of());
        }

        /** Whether this function's grant covers the artefact key (tests check every key a function writes). */
        public boolean mayTouchArtifact(String key) {
            return artifacts != Access.NONE && (artifactKeys.isEmpty() || artifactKeys.stream().anyMatch(p -> p.endsWith("*")
                    ? key.startsWith(p.substring(0, p.length() - 1)) : key.equals(p)));
        }

        /** The deployed function name. */
        public String lambdaName(String prefix) {
            return prefix + "-" + name;
        }
    }

    private static final List<FunctionSpec> FUNCTIONS = List.of(
            new FunctionSpec("data", "io.wattline.data.DataFunction",
                    Access.READ, Access.READ_WRITE, Access.READ_WRITE, Access.NONE, List.of("kpi", "calibration", "anomaly"), 1024, 29),
            // KPIs, comparison, Sankey, heatmaps; writes day snapshots (state) from the kpi_calculate job, which first
            // repairs roll-ups left behind their points (telemetry write). Timeouts beyond API Gateway's 30 s are the
            // jobs': a job runs every machine in one invocation (an HTTP request ends at 30 s whatever the timeout)
            new FunctionSpec("kpi", "io.wattline.kpi.KpiFunction",
                    Access.READ, Access.READ_WRITE, Access.READ_WRITE, Access.NONE, List.of(), 1024, 300),

            // baselines and anomalies: trains with Smile (natives extracted to /tmp), stores versions and anomalies; the
            // model-performance API, whose retrainings run as background tasks of itself (baselines) and of forecasting
            new FunctionSpec("anomaly", "io.wattline.anomaly.AnomalyFunction",
                    Access.READ, Access.READ, Access.READ_WRITE, Access.READ_WRITE, List.of("anomaly", "forecasting"), 1769, 600,
                    List.of(), List.of("models/baseline/*")),

            // the asset-health twin: /system/*, the twin_tick job, calibrations as asynchronous invocations of itself
            new FunctionSpec("calibration", "io.wattline.twin.TwinFunction",
                    Access.NONE, Access.READ_WRITE, Access.READ_WRITE, Access.READ_WRITE, List.of("calibration"), 1024, 60,
                    List.of(), List.of("twin/*")),
            // detection is CPU-bound: 1,769 MB is one full vCPU. Of the state table it has its callers' baselines
            // (DynamoBaselineStore) and usage counters (DynamoDetectionStores.Usage) only: the one API a migrating
            // client's applications call cannot read the plant's jobs, models or anomalies
            new FunctionSpec("detection", "io.wattline.detection.DetectionFunction",
                    Access.NONE, Access.NONE, Access.READ_WRITE, Access.NONE, List.of(), 1769, 29,
                    List.of("BASELINE#*", "USAGE#*"), List.of()),
            // forecasts and the cheapest schedule; training is CPU-bound (a full vCPU) and answers synchronously
            // within API Gateway's 29 s (a retraining of the model-performance API runs as a background task, up to
            // the timeout); model versions: metadata in state, artefacts in S3 (old versions deleted); reads the anomaly
            // log (state) to leave the hours it flagged out of training
            new FunctionSpec("forecasting", "io.wattline.forecasting.ForecastFunction",
                    Access.READ, Access.READ, Access.READ_WRITE, Access.READ_WRITE, List.of(), 1769, 120,
                    List.of(), List.of("models/forecast_*")));

    private FunctionCatalog() {}

    public static List<FunctionSpec> all() {
        return FUNCTIONS;
    }

    public static Optional<FunctionSpec> find(String name) {
        return FUNCTIONS.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
