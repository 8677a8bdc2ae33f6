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
        assertEquals(13, function.router().routes().size());
    }
}
