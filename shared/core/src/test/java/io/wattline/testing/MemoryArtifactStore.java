package io.wattline.testing;

import io.wattline.store.ArtifactStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** A versioned blob store in memory with the S3 adapter's contract, for unit tests. */
public final class MemoryArtifactStore implements ArtifactStore {
    private record Blob(String versionId, byte[] content, Instant at) {}

    private final Map<String, List<Blob>> blobs = new TreeMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    @Override
    public synchronized String put(String key, byte[] content, Map<String, String> metadata) {
        String id = "v" + ids.incrementAndGet();
        blobs.computeIfAbsent(key, k -> new ArrayList<>()).add(0, new Blob(id, content.clone(), Instant.now()));
        return id;
    }

    @Override
    public synchronized Optional<byte[]> get(String key, String versionId) {
        reads.incrementAndGet();
        return blobs.getOrDefault(key, List.of()).stream()
                .filter(b -> versionId == null || b.versionId().equals(versionId)).findFirst().map(b -> b.content().clone());
    }

    @Override
    public synchronized List<Version> versions(String key) {
        List<Blob> list = blobs.getOrDefault(key, List.of());
        List<Version> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Blob b = list.get(i);
            out.add(new Version(key, b.versionId(), b.content().length, b.at(), i == 0));
        }
        return out;
    }

    @Override
    public synchronized int deleteAll(String prefix) {
        int n = 0;
        for (var it = blobs.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue().size();
                it.remove();
            }
        }
        return n;
    }

    /** Calls of {@link #get} so far (e.g. to see that a warm cache reads nothing). */
    public long reads() {
        return reads.get();
    }

    /** Every key holding a version, in order. */
    public synchronized List<String> keys() {
        return List.copyOf(blobs.keySet());
    }

    /** Versions stored under keys starting with {@code prefix}. */
    public synchronized int count(String prefix) {
        return blobs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().size()).sum();
    }
}
