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

    @Test
    void theSnapStartHookFindsItBesideTheSdkWarmUp() {
        var found = ServiceLoader.load(SnapshotPriming.class).stream().map(p -> p.type().getSimpleName()).sorted().toList();
        assertEquals(List.of("S3Priming", "SdkClientPriming"), found);
        new S3Priming().prime(); // no S3 anywhere: it must not need one
    }
}
