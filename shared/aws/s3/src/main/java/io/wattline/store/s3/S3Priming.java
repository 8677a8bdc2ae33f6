package io.wattline.store.s3;

import io.wattline.http.SnapshotPriming;
import io.wattline.store.aws.AnsweringHttpClient;
import io.wattline.store.aws.AnsweringHttpClient.Answer;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SnapStart priming of the artefact store's S3 calls: as {@code DynamoDbPriming} does for DynamoDB, a client whose
 * HTTP client answers from memory runs each operation {@link S3ArtifactStore} sends (PutObject, GetObject, the
 * version listing, DeleteObjects, HeadBucket), signed with throwaway credentials, through the store itself, so the
 * first model load after a restore does not pay for S3's marshallers, checksums and XML parsers. Nothing leaves the
 * process; the function's own client is untouched.
 */
public final class S3Priming implements SnapshotPriming {
    static final String BUCKET = "wattline-snapstart-priming";
    static final byte[] ARTEFACT = "{\"primed\":true}".getBytes(StandardCharsets.UTF_8);
    static final String MISSING = "priming/missing.json";
    static final String XMLNS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    @Override
    public void prime() {
        try (S3Client s3 = answering().wire(S3Client.builder()).build()) {
            calls(new S3ArtifactStore(() -> s3, BUCKET));
        }
    }

    /** Each store operation once. */
    static void calls(S3ArtifactStore store) {
        store.put("priming/model.json", ARTEFACT, Map.of("kind", "priming"));
        store.get("priming/model.json", "v1");
        store.get(MISSING, null); // S3's NoSuchKey, which the store answers as no artefact
        store.versions("priming/model.json");
        store.deleteAll("priming/");
        if (!store.health().check().ok()) throw new IllegalStateException("the primed HeadBucket failed");
    }


    /** S3's answers by request: the object on GET, its version on PUT, XML for the listing and the batch delete. */
    static AnsweringHttpClient answering() {
        return new AnsweringHttpClient(S3Priming::answer);
    }

    private static Answer answer(SdkHttpRequest r) {
        Map<String, ?> query = r.rawQueryParameters();
        return switch (r.method()) {
            case PUT -> new Answer(200, Map.of("ETag", "\"e\"", "x-amz-version-id", "v1"), new byte[0]);
            case POST -> xml("<DeleteResult " + XMLNS + "><Deleted><Key>priming/model.json</Key><VersionId>v1</VersionId>"
                    + "</Deleted></DeleteResult>");
            case GET -> r.encodedPath().endsWith(MISSING)
                    ? new Answer(404, Map.of("Content-Type", "application/xml"), ("<Error><Code>NoSuchKey</Code><Message>The "
                    + "specified key does not exist.</Message><Key>" + MISSING + "</Key></Error>").getBytes(StandardCharsets.UTF_8))
                    : query.containsKey("versions")
                    ? xml("<ListVersionsResult " + XMLNS + "><Name>" + BUCKET + "</Name><Prefix>priming/</Prefix>"
                    + "<IsTruncated>false</IsTruncated><Version><Key>priming/model.json</Key><VersionId>v1</VersionId>"
                    + "<IsLatest>true</IsLatest><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>\"e\"</ETag>"
                    + "<Size>" + ARTEFACT.length + "</Size><StorageClass>STANDARD</StorageClass></Version></ListVersionsResult>")
                    : new Answer(200, Map.of("Content-Type", "application/octet-stream", "ETag", "\"e\"",
                    "x-amz-version-id", "v1"), ARTEFACT);
            default -> new Answer(200, Map.of(), new byte[0]);
        };
    }

    private static Answer xml(String body) {
        return new Answer(200, Map.of("Content-Type", "application/xml"), body.getBytes(StandardCharsets.UTF_8));
    }
}
