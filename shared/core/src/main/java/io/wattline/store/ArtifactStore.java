package io.wattline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model artefacts (trained models, profiles): versioned blobs under a key. */
public interface ArtifactStore {
    record Version(String key, String versionId, long size, Instant lastModified, boolean latest) {}

    /** Stores a new version and returns its version id. */
    String put(String key, byte[] content, Map<String, String> metadata);

    /** The latest version, or the given one. */
    Optional<byte[]> get(String key, String versionId);

    /** Versions of the key, newest first. */
    List<Version> versions(String key);

    /**
     * Removes every version of every key under the prefix (purge); returns how many were removed. Throws
     * IllegalStateException when the store kept any of them (e.g. refused outside the caller's grant).
     */
    int deleteAll(String prefix);
}
