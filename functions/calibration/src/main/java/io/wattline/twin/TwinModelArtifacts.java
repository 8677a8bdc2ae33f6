package io.wattline.twin;

import io.wattline.analytics.twin.ModelCodec;
import io.wattline.analytics.twin.TwinModels;
import io.wattline.store.ArtifactStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models each calibration trains, as one artefact per calibration in the {@link ArtifactStore}
 * ({@code twin/<asset>/<calibration id>/models.bin}, {@link ModelCodec}'s bytes) pointed to by the
 * asset's record. A warm function keeps the models of as many assets in memory as half its heap holds
 * ({@link #capacityFor}), so monitoring reads an artefact once per cold start and never retrains: the twin_tick
 * job visits every monitoring asset each minute in the same order, and a cache smaller than that set would miss
 * on every visit.
 */
final class TwinModelArtifacts {
    /** Heap one asset's models take: 13.7 MiB measured (docs/BENCHMARKS.md, "Twin"), rounded up. */
    static final long MODELS_BYTES = 14L << 20;

    private final ArtifactStore artifacts;
    private final int capacity;
    private final Map<String, TwinModels> cache;

    TwinModelArtifacts(ArtifactStore artifacts) {
        this(artifacts, capacityFor(Runtime.getRuntime().maxMemory()));
    }

    TwinModelArtifacts(ArtifactStore artifacts, int capacity) {
        this.artifacts = artifacts;
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TwinModels> eldest) {
                return size() > TwinModelArtifacts.this.capacity;
            }
        };
    }

    /**
     * How many assets' models a heap of that size keeps: half of it, at least 4 (Lambda gives the heap about 85 %
     * of the memory size: 1,024 MB keeps about 31 assets).
     */
    static int capacityFor(long maxHeapBytes) {
        return (int) Math.max(4, Math.min(10_000, maxHeapBytes / 2 / MODELS_BYTES));
    }

    int capacity() {
        return capacity;
    }

    static String prefix(String asset) {
        return "twin/" + asset + "/";
    }

    static String calibrationPrefix(String asset, String calibrationId) {
        return prefix(asset) + calibrationId + "/";
    }

    static String key(String asset, String calibrationId) {
        return calibrationPrefix(asset, calibrationId) + "models.bin";
    }

    /** Stores a calibration's serialised models; the artefact's version id. */
    String put(String asset, String calibrationId, byte[] bytes) {
        return artifacts.put(key(asset, calibrationId), bytes, Map.of("asset-id", asset, "calibration-id", calibrationId,
                "content-type", ModelCodec.CONTENT_TYPE));
    }

    /** Keeps models just trained in memory, so the first monitoring second does not read them back. */
    void remember(String asset, TwinRecord.ModelRef ref, TwinModels models) {
        synchronized (cache) {
            cache.put(cacheKey(asset, ref), models);
        }
    }

    /** The models of a monitoring asset: from memory, else from their artefact. */
    TwinModels of(TwinRecord r) {
        TwinRecord.ModelRef ref = r.model();
        if (ref == null) {
            throw new IllegalStateException("asset " + r.assetId() + " is monitoring without models");
        }
        String key = cacheKey(r.assetId(), ref);
        synchronized (cache) {
            TwinModels cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = artifacts.get(ref.key(), ref.versionId()).orElseThrow(() ->
                new IllegalStateException("model artefact " + ref.key() + " of " + r.assetId() + " is missing"));
        TwinModels loaded = ModelCodec.fromBytes(bytes);
        remember(r.assetId(), ref, loaded);
        return loaded;
    }

    /** Removes what one calibration stored (a calibration cancelled after it wrote its artefact). */
    void deleteCalibration(String asset, String calibrationId) {
        artifacts.deleteAll(calibrationPrefix(asset, calibrationId));
    }

    /** Removes the artefact a newer calibration replaced, and forgets its models. */
    void deleteReplaced(String asset, TwinRecord.ModelRef old) {
        try {
            artifacts.deleteAll(old.key().substring(0, old.key().lastIndexOf('/') + 1));
        } catch (RuntimeException e) {
            // the calibration that replaced them succeeded: the old artefact is left behind (a purge removes it)
            org.slf4j.LoggerFactory.getLogger(TwinModelArtifacts.class).warn("the replaced models of {} are left behind: {}",
                    asset, e.getMessage());
        }
        synchronized (cache) {
            cache.remove(cacheKey(asset, old));
        }
    }

    /** Removes every artefact of the asset and forgets its models; how many object versions were removed. */
    int deleteAll(String asset) {
        int removed = artifacts.deleteAll(prefix(asset));
        synchronized (cache) {
            cache.keySet().removeIf(k -> k.startsWith(asset + "@"));
        }
        return removed;
    }

    private static String cacheKey(String asset, TwinRecord.ModelRef ref) {
        return asset + "@" + ref.key() + "#" + ref.versionId();
    }
}
