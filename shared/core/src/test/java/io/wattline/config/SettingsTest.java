package io.wattline.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void defaults() {
        Settings s = Settings.from(Map.of());
        assertEquals("us-east-1", s.region());
        assertEquals(Optional.empty(), s.dynamoDbEndpoint());
        assertEquals(Optional.empty(), s.s3Endpoint());
        assertEquals(Optional.empty(), s.staticAccessKey());
        assertEquals(Tables.DEFAULT, s.tables());
        assertEquals("wattline-artifacts", s.artifactBucket());
        assertEquals("dynamodb", s.telemetryBackend());
        assertEquals("wattline", s.timestreamDatabase());
        assertEquals("telemetry", s.timestreamTable());
        assertEquals(5000, s.maxBatchRows());
        assertEquals(4 * 1024 * 1024, s.maxBodyBytes());
        assertTrue(s.schedulerEnabled());
        assertEquals(Optional.empty(), s.lambdaEndpoint());
        assertEquals(Map.of(), s.functionNames());
        assertEquals("wattline-data", s.functionName("data"));
    }

    @Test
    void overrides() {
        Settings s = Settings.from(Map.ofEntries(
                Map.entry("AWS_REGION", "eu-central-1"),
                Map.entry("DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"),
                Map.entry("S3_ENDPOINT", " http://127.0.0.1:9000 "),
                Map.entry("WATTLINE_ACCESS_KEY_ID", "local"),
                Map.entry("WATTLINE_SECRET_ACCESS_KEY", "local-secret"),
                Map.entry("TABLE_CATALOG", "c"), Map.entry("TABLE_TELEMETRY", "t"), Map.entry("TABLE_STATE", "s"), Map.entry("TABLE_KEYS", "k"),
                Map.entry("ARTIFACT_BUCKET", "bucket"),
                Map.entry("TELEMETRY_BACKEND", "timestream"),
                Map.entry("TIMESTREAM_DATABASE", "db"), Map.entry("TIMESTREAM_TABLE", "tbl"),
                Map.entry("TIMESTREAM_ENDPOINT", "http://localhost:4566"),
                Map.entry("MAX_BATCH_ROWS", "100"), Map.entry("MAX_BODY_BYTES", "2048"),
                Map.entry("SCHEDULER_ENABLED", "false"),
                Map.entry("LAMBDA_ENDPOINT", "http://127.0.0.1:8001")));
        assertEquals("eu-central-1", s.region());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8000")), s.dynamoDbEndpoint());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s.s3Endpoint());
        assertEquals(Optional.of("local"), s.staticAccessKey());
        assertEquals(Optional.of("local-secret"), s.staticSecretKey());
        assertEquals(new Tables("c", "t", "s", "k"), s.tables());
        assertEquals("bucket", s.artifactBucket());
        assertEquals("timestream", s.telemetryBackend());
        assertEquals("db", s.timestreamDatabase());
        assertEquals("tbl", s.timestreamTable());
        assertEquals(Optional.of(URI.create("http://localhost:4566")), s.timestreamEndpoint());
        assertEquals(100, s.maxBatchRows());
        assertEquals(2048, s.maxBodyBytes());
        assertFalse(s.schedulerEnabled());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8001")), s.lambdaEndpoint());
    }

    @Test
    void blankValuesMeanDefault() {
        Settings s = Settings.from(Map.of("AWS_REGION", "  ", "DYNAMODB_ENDPOINT", "", "MAX_BATCH_ROWS", " "));
        assertEquals("us-east-1", s.region());
        assertEquals(Optional.empty(), s.dynamoDbEndpoint());
        assertEquals(5000, s.maxBatchRows());
    }

    @Test
    void functionNamesFromFunctionVariables() {
        Settings s = Settings.from(Map.of(
                "FUNCTION_DATA", "arn:aws:lambda:eu-central-1:123456789012:function:wattline-data:live",
                "FUNCTION_EMPTY", " ",
                "NOT_FUNCTION_X", "ignored"));
        assertEquals(Map.of("data", "arn:aws:lambda:eu-central-1:123456789012:function:wattline-data:live"), s.functionNames());
        assertEquals("arn:aws:lambda:eu-central-1:123456789012:function:wattline-data:live", s.functionName("data"));
        assertEquals("wattline-empty", s.functionName("empty"));
    }

    @Test
    void hyphenatedFunctionNameFindsItsVariable() {
        // the CDK stack writes FUNCTION_<NAME> with '-' turned into '_'
        Settings s = Settings.from(Map.of("FUNCTION_ANOMALY_DETECT", "wattline-anomaly-detect:live"));
        assertEquals("wattline-anomaly-detect:live", s.functionName("anomaly-detect"));
        assertEquals("wattline-anomaly-detect:live", s.functionName("anomaly_detect"));
    }

    @Test
    void badTelemetryBackendIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("TELEMETRY_BACKEND", "influx")));
        assertEquals("TELEMETRY_BACKEND must be one of dynamodb, timestream, not influx", e.getMessage());
    }

    @Test
    void badMaxBatchRowsIsRejected() {
        for (String bad : new String[]{"0", "-5", "many", "1.5", "99999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.from(Map.of("MAX_BATCH_ROWS", bad)), bad);
            assertEquals("MAX_BATCH_ROWS must be a positive integer, not " + bad, e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("MAX_BODY_BYTES", "0")));
    }

    @Test
    void tablesSpecs() {
        assertEquals(java.util.List.of("wattline-catalog", "wattline-telemetry", "wattline-state", "wattline-keys"), Tables.DEFAULT.all());
        assertEquals("Keys", Tables.DEFAULT.specs().get(3).logicalName());
        // keys in the state table would be writable by every function again
        var e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("TABLE_KEYS", "wattline-state")));
        assertTrue(e.getMessage().contains("TABLE_KEYS must name a table of its own"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of("TABLE_KEYS", "wattline-catalog")));
        assertEquals("N", Tables.DEFAULT.specs().get(1).sortKeyType());
        assertEquals("Telemetry", Tables.DEFAULT.specs().get(1).logicalName());
    }
}
