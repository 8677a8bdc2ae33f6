package io.wattline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Small JSON documents under (kind, id) with optimistic versioning: the state items whose
 * transitions must not be lost or doubled (twin state, model metadata). A write names the version
 * it read; it fails with {@link StaleVersionException} when another writer got there first, so a
 * read-decide-write cycle either wins as a whole or starts again from what the winner wrote.
 * All documents of a kind can be listed (one partition per kind).
 */
public interface StateStore {
    /** A stored document; {@code version} starts at 1 and grows by 1 with every write. */
    record Doc(String kind, String id, String json, long version, Instant updatedAt) {}

    Optional<Doc> get(String kind, String id);

    /** Every document of the kind, in id order. */
    List<Doc> list(String kind);

    /**
     * Writes the document if its stored version is {@code expectedVersion} (0: if there is none).
     *
     * @return the new version
     * @throws StaleVersionException when the stored version is another one
     */
    long put(String kind, String id, String json, long expectedVersion);

    /** Deletes the document whatever its version; true if there was one. */
    boolean delete(String kind, String id);

    /** The stored version differs from the one the writer read. */
    final class StaleVersionException extends RuntimeException {
        public StaleVersionException(String kind, String id, long expected) {
            super(kind + "/" + id + " is no longer at version " + expected, null, false, false);
        }
    }
}
