package io.wattline.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the suite, from environment variables (on AWS) or a map (the local cloud and tests).
 * Local and cloud differ only here: endpoints, credentials and names. The README's configuration
 * table lists exactly these variables.
 *
 * @param region              {@code AWS_REGION}
 * @param dynamoDbEndpoint    {@code DYNAMODB_ENDPOINT}: endpoint override (DynamoDB Local); empty on AWS
 * @param s3Endpoint          {@code S3_ENDPOINT}: endpoint override (S3Proxy); empty on AWS
 * @param staticAccessKey     {@code WATTLINE_ACCESS_KEY_ID}: fixed credentials for local servers; empty on AWS
 * @param staticSecretKey     {@code WATTLINE_SECRET_ACCESS_KEY}
 * @param tables              {@code TABLE_CATALOG}, {@code TABLE_TELEMETRY}, {@code TABLE_STATE}, {@code TABLE_KEYS}
 * @param artifactBucket      {@code ARTIFACT_BUCKET}
 * @param telemetryBackend    {@code TELEMETRY_BACKEND}: {@code dynamodb} (default) or {@code timestream}
 * @param timestreamDatabase  {@code TIMESTREAM_DATABASE}
 * @param timestreamTable     {@code TIMESTREAM_TABLE}
 * @param timestreamEndpoint  {@code TIMESTREAM_ENDPOINT}: endpoint override (LocalStack); empty on AWS
 * @param maxBatchRows        {@code MAX_BATCH_ROWS}: rows per ingestion request (default 5000)
 * @param maxBodyBytes        {@code MAX_BODY_BYTES}: request body limit (default 4 MiB, under Lambda's 6 MB)
 * @param schedulerEnabled    {@code SCHEDULER_ENABLED}: whether scheduler/status and health report the jobs as armed
 *                            (default true; a report only: on AWS the EventBridge rules fire either way)
 * @param lambdaEndpoint      {@code LAMBDA_ENDPOINT}: endpoint override for invoking functions (the local cloud); empty on AWS
 * @param functionNames       {@code FUNCTION_<NAME>}: the deployed name (or ARN, with {@code :alias}) of each function
 *                            this one invokes, keyed by its short name; defaults to {@code wattline-<name>}
 * @param openReads           {@code AUTH_OPEN_READS}: read routes answer callers without a key (default false; writes,
 *                            purges and job triggers always need a key with the write scope). See docs/SECURITY.md
 * @param corsOrigins         {@code CORS_ALLOW_ORIGINS}: comma-separated origins a browser may call the API from (the
 *                            local gateway's; on AWS the stack's {@code -c corsOrigins}); none by default
 * @param keyRequestsPerMinute {@code KEY_REQUESTS_PER_MINUTE}: the quota of a key created without its own (default
 *                            {@value #DEFAULT_KEY_REQUESTS_PER_MINUTE}; 0: none). See docs/SECURITY.md
 * @param originVerifySecret  {@code ORIGIN_VERIFY_SECRET}: the value the stack's CloudFront distribution sends in
 *                            {@code X-Origin-Verify}; a request that carries it is from CloudFront, so its
 *                            {@code CloudFront-Viewer-Address} is the client's (set by the stack; empty elsewhere)
 * @param twinSampleRetentionDays {@code TWIN_SAMPLE_RETENTION_DAYS}: days DynamoDB keeps the twin's stored samples
 *                            (default {@value #DEFAULT_TWIN_SAMPLE_RETENTION_DAYS}; 0: for good). Monitoring stores one a
 *                            second per asset; Timestream keeps them as its table's retention says
 */
public record Settings(String region, Optional<URI> dynamoDbEndpoint, Optional<URI> s3Endpoint,
                       Optional<String> staticAccessKey, Optional<String> staticSecretKey,
                       Tables tables, String artifactBucket, String telemetryBackend,
                       String timestreamDatabase, String timestreamTable, Optional<URI> timestreamEndpoint,
                       int maxBatchRows, int maxBodyBytes, boolean schedulerEnabled,
                       Optional<URI> lambdaEndpoint, Map<String, String> functionNames, boolean openReads,
                       java.util.List<String> corsOrigins, int keyRequestsPerMinute, Optional<String> originVerifySecret,
                       int twinSampleRetentionDays) {

    /** Requests per minute of a key without a quota of its own: 80 a second, under the 200 a second of each route. */
    public static final int DEFAULT_KEY_REQUESTS_PER_MINUTE = 4800;

    /** A month of the twin's samples: a day of monitoring is 86,400 items per asset, kept for good a cost that only grows. */
    public static final int DEFAULT_TWIN_SAMPLE_RETENTION_DAYS = 30;

    /** Whether telemetry lives in Timestream ({@code TELEMETRY_BACKEND=timestream}) rather than DynamoDB. */
    public boolean timestreamTelemetry() {
        return telemetryBackend.equals("timestream");
    }

    /** The DynamoDB tables in use: with Timestream the telemetry table is neither used nor granted. */
    public java.util.List<String> dynamoTables() {
        return timestreamTelemetry() ? java.util.List.of(tables.catalog(), tables.state(), tables.keys()) : tables.all();
    }

    /** The name to invoke the function with the given short name by ({@code FUNCTION_<NAME>}, '-' written as '_'). */
    public String functionName(String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return functionNames.getOrDefault(key, "wattline-" + name);
    }

    public static Settings fromEnv() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        return new Settings(
                get(env, "AWS_REGION", "us-east-1"),
                opt(env, "DYNAMODB_ENDPOINT").map(URI::create),
                opt(env, "S3_ENDPOINT").map(URI::create),
                opt(env, "WATTLINE_ACCESS_KEY_ID"),
                opt(env, "WATTLINE_SECRET_ACCESS_KEY"),
                new Tables(get(env, "TABLE_CATALOG", Tables.DEFAULT.catalog()),
                        get(env, "TABLE_TELEMETRY", Tables.DEFAULT.telemetry()),
                        get(env, "TABLE_STATE", Tables.DEFAULT.state()),
                        get(env, "TABLE_KEYS", Tables.DEFAULT.keys())),
                get(env, "ARTIFACT_BUCKET", "wattline-artifacts"),
                oneOf(env, "TELEMETRY_BACKEND", "dynamodb", "dynamodb", "timestream"),
                get(env, "TIMESTREAM_DATABASE", "wattline"),
                get(env, "TIMESTREAM_TABLE", "telemetry"),
                opt(env, "TIMESTREAM_ENDPOINT").map(URI::create),
                positive(env, "MAX_BATCH_ROWS", 5000),
                positive(env, "MAX_BODY_BYTES", 4 * 1024 * 1024),
                Boolean.parseBoolean(get(env, "SCHEDULER_ENABLED", "true")),
                opt(env, "LAMBDA_ENDPOINT").map(URI::create),
                functionNames(env),
                bool(env, "AUTH_OPEN_READS", false),
                opt(env, "CORS_ALLOW_ORIGINS").map(v -> java.util.Arrays.stream(v.split(",")).map(String::strip)
                        .filter(o -> !o.isEmpty()).toList()).orElse(java.util.List.of()),
                nonNegative(env, "KEY_REQUESTS_PER_MINUTE", DEFAULT_KEY_REQUESTS_PER_MINUTE),
                opt(env, "ORIGIN_VERIFY_SECRET"),
                nonNegative(env, "TWIN_SAMPLE_RETENTION_DAYS", DEFAULT_TWIN_SAMPLE_RETENTION_DAYS));
    }

    private static Map<String, String> functionNames(Map<String, String> env) {
        Map<String, String> names = new java.util.TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("FUNCTION_") && v != null && !v.isBlank()) {
                names.put(k.substring("FUNCTION_".length()).toLowerCase(java.util.Locale.ROOT), v.strip());
            }
        });
        return Map.copyOf(names);
    }

    private static Optional<String> opt(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static String get(Map<String, String> env, String key, String fallback) {
        return opt(env, key).orElse(fallback);
    }

    private static String oneOf(Map<String, String> env, String key, String fallback, String... allowed) {
        String v = get(env, key, fallback);
        for (String a : allowed) if (a.equals(v)) return v;
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", not " + v);
    }

    private static boolean bool(Map<String, String> env, String key, boolean fallback) {
        String v = get(env, key, Boolean.toString(fallback)).toLowerCase(java.util.Locale.ROOT);
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException(key + " must be true or false, not " + v);
    }

    private static int positive(Map<String, String> env, String key, int fallback) {
        return atLeast(env, key, fallback, 1, "a positive integer");
    }

    private static int nonNegative(Map<String, String> env, String key, int fallback) {
        return atLeast(env, key, fallback, 0, "0 or a positive integer");
    }

    private static int atLeast(Map<String, String> env, String key, int fallback, int min, String what) {
        String v = get(env, key, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(v);
            if (n >= min) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be " + what + ", not " + v);
    }
}
