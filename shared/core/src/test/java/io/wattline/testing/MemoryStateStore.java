package io.wattline.testing;

import io.wattline.store.StateStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link StateStore} in memory with the adapter's contract (conditional versions), for unit tests. */
public class MemoryStateStore implements StateStore {
    private final Map<String, Doc> docs = new TreeMap<>();

    @Override
    public synchronized Optional<Doc> get(String kind, String id) {
        return Optional.ofNullable(docs.get(kind + "\u0000" + id));
    }

    @Override
    public synchronized List<Doc> list(String kind) {
        return docs.values().stream().filter(d -> d.kind().equals(kind)).toList();
    }

    @Override
    public synchronized long put(String kind, String id, String json, long expectedVersion) {
        Doc old = docs.get(kind + "\u0000" + id);
        long current = old == null ? 0 : old.version();
        if (current != expectedVersion) throw new StaleVersionException(kind, id, expectedVersion);
        docs.put(kind + "\u0000" + id, new Doc(kind, id, json, current + 1, Instant.now()));
        return current + 1;
    }

    @Override
    public synchronized boolean delete(String kind, String id) {
        return docs.remove(kind + "\u0000" + id) != null;
    }
}
