package io.wattline.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wattline.config.Settings;
import io.wattline.http.ApiRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data function ships without the S3 client (its jar has exactly this module's classpath): it
 * must build and answer without loading a single S3 class, as it does at a Lambda cold start.
 */
class LeanClasspathTest {
    @Test
    void startsAndAnswersWithoutS3OnTheClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("software.amazon.awssdk.services.s3.S3Client"));
        DataFunction function = new DataFunction(Settings.from(Map.of()));
        var response = function.handle(new ApiRequest("GET", "/", Map.of(), Map.of(), null, "req-1", Map.of()));
        assertEquals(200, response.status());
        assertEquals(14, function.router().routes().size());
    }

    @Test
    void primesBeforeASnapStartSnapshotWithoutIo() {
        // no endpoint is reachable here: priming must not send a request
        DataFunction function = new DataFunction(Settings.from(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:9",
                "WATTLINE_ACCESS_KEY_ID", "x", "WATTLINE_SECRET_ACCESS_KEY", "y")));
        long t0 = System.nanoTime();
        function.beforeCheckpoint(null);
        assertEquals(14, function.router().routes().size());
        var response = function.handle(new ApiRequest("GET", "/", Map.of(), Map.of(), null, "req-2", Map.of()));
        assertEquals(200, response.status());
        org.junit.jupiter.api.Assertions.assertTrue((System.nanoTime() - t0) / 1e9 < 90); // the SDK's STS GET may wait out its timeouts (2 s connect, 30 s read)
    }
}
