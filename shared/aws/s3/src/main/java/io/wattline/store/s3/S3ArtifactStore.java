package io.wattline.store.s3;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.store.ArtifactStore;
import io.wattline.store.StoreHealth;
import io.wattline.store.aws.AwsClientSettings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Model artefacts in a versioned S3 bucket. */
public final class S3ArtifactStore implements ArtifactStore {
    private final Supplier<S3Client> client;
    private final String bucket;

    /** @param client the S3 client, asked for at the first call that needs it */
    public S3ArtifactStore(Supplier<S3Client> client, String bucket) {
        this.client = client;
        this.bucket = bucket;
    }

    /**
     * The store of the settings' bucket, with its own client, built at the first call that reads or writes an
     * artefact (a request that touches none does not pay the client's cold start).
     */
    public static ArtifactStore create(Settings settings) {
        return new S3ArtifactStore(Lazy.of(() -> client(settings)), settings.artifactBucket());
    }

    public static S3Client client(Settings settings) {
        return AwsClientSettings.apply(S3Client.builder(), settings, settings.s3Endpoint())
                // S3-compatible local servers address buckets by path, not by host name
                .forcePathStyle(settings.s3Endpoint().isPresent())
                .build();
    }

    @Override
    public String put(String key, byte[] content, Map<String, String> metadata) {
        return client.get().putObject(b -> b.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(content))
                .versionId();
    }

    @Override
    public Optional<byte[]> get(String key, String versionId) {
        try {
            return Optional.of(client.get().getObjectAsBytes(b -> {
                b.bucket(bucket).key(key);
                if (versionId != null) b.versionId(versionId);
            }).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty(); // NoSuchVersion: that version was deleted
            throw e;
        }
    }

    @Override
    public List<Version> versions(String key) {
        List<Version> out = new ArrayList<>();
        for (ListObjectVersionsResponse page : client.get().listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key))) {
            page.versions().stream().filter(v -> v.key().equals(key)).forEach(v -> out.add(
                    new Version(v.key(), v.versionId(), v.size(), v.lastModified(), Boolean.TRUE.equals(v.isLatest()))));
        }
        out.sort(Comparator.comparing(Version::lastModified).reversed());
        return out;
    }

    @Override
    public int deleteAll(String prefix) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        for (ListObjectVersionsResponse page : client.get().listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(prefix))) {
            page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
            page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<ObjectIdentifier> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            // a quiet DeleteObjects answers 200 and lists only what it did not delete (AccessDenied outside the
            // function's grant, a version locked): unread, a purge reported success with its artefacts still there
            client.get().deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(chunk).quiet(true).build()))
                    .errors().forEach(e -> refused.add(e.key() + " (" + e.code() + ": " + e.message() + ")"));
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException(refused.size() + " of " + ids.size() + " object versions under " + prefix
                    + " were not deleted: " + String.join(", ", refused.subList(0, Math.min(5, refused.size())))
                    + (refused.size() > 5 ? ", ..." : ""));
        }
        return ids.size();
    }

    public StoreHealth health() {
        return () -> {
            long t0 = System.nanoTime();
            try {
                client.get().headBucket(b -> b.bucket(bucket));
                return new StoreHealth.Check("s3", true, "bucket " + bucket + " reachable", (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                return new StoreHealth.Check("s3", false, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        };
    }
}
