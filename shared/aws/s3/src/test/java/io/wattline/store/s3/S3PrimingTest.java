package io.wattline.store.s3;

import io.wattline.http.SnapshotPriming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3PrimingTest {
    @Test
    void everyOperationOfTheArtefactStoreIsSentSignedAndAnsweredInMemory() {
        var http = S3Priming.answering();
        try (S3Client s3 = http.wire(S3Client.builder()).build()) {
            S3ArtifactStore store = new S3ArtifactStore(() -> s3, S3Priming.BUCKET);
            S3Priming.calls(store);
            // the canned answers parse as the store's results
            assertArrayEquals(S3Priming.ARTEFACT, store.get("priming/model.json", null).orElseThrow());
            assertTrue(store.get(S3Priming.MISSING, null).isEmpty(), "NoSuchKey is no artefact");
            var versions = store.versions("priming/model.json");
            assertEquals(1, versions.size());
            assertEquals("v1", versions.get(0).versionId());
            assertTrue(store.health().check().ok());
        }
        assertEquals(List.of("PUT", "GET", "GET", "GET versions", "GET versions", "POST delete", "HEAD", "GET", "GET", "GET versions", "HEAD"),
                http.seen().stream().map(r -> r.method() + (r.rawQueryParameters().containsKey("versions") ? " versions"
                        : r.rawQueryParameters().containsKey("delete") ? " delete" : "")).toList());
        assertTrue(http.seen().stream().allMatch(r -> r.firstMatchingHeader("Authorization").orElse("")
                .startsWith("AWS4-HMAC-SHA256 Credential=priming/")), "every request signed with SigV4");
    }

    /**
     * A quiet DeleteObjects answers 200 and lists what it did not delete (AccessDenied outside the function's grant):
     * a purge must not report success then.
     */
    @Test
    void aVersionThatWasNotDeletedFailsTheDeletion() {
        var http = new io.wattline.store.aws.AnsweringHttpClient(r -> r.method() == software.amazon.awssdk.http.SdkHttpMethod.POST
                ? answer("<DeleteResult " + S3Priming.XMLNS + "><Error><Key>twin/m1/c1/models.bin</Key><VersionId>v1</VersionId>"
                        + "<Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>")
                : answer("<ListVersionsResult " + S3Priming.XMLNS + "><Name>b</Name><Prefix>twin/m1/</Prefix><IsTruncated>false"
                        + "</IsTruncated><Version><Key>twin/m1/c1/models.bin</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest>"
                        + "<LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>\"e\"</ETag><Size>3</Size>"
                        + "<StorageClass>STANDARD</StorageClass></Version></ListVersionsResult>"));
        try (S3Client s3 = http.wire(S3Client.builder()).build()) {
            S3ArtifactStore store = new S3ArtifactStore(() -> s3, "b");
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> store.deleteAll("twin/m1/"));
            assertEquals("1 of 1 object versions under twin/m1/ were not deleted: twin/m1/c1/models.bin (AccessDenied: Access Denied)",
                    e.getMessage());
        }
    }

    private static io.wattline.store.aws.AnsweringHttpClient.Answer answer(String xml) {
        return new io.wattline.store.aws.AnsweringHttpClient.Answer(200, java.util.Map.of("Content-Type", "application/xml"),
                xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theSnapStartHookFindsItBesideTheSdkWarmUp() {
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getSimpleName()).sorted().toList();
        assertEquals(List.of("S3Priming", "SdkClientPriming"), found);
        new S3Priming().prime(); // no S3 anywhere: it must not need one
    }
}
