package io.wattline.twin;

import io.wattline.domain.DomainException;
import io.wattline.store.StateStore;
import io.wattline.store.StateStore.StaleVersionException;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The twins' documents in the state store (kind {@value TwinRecord#KIND}, one per asset) and the one
 * way they change: read, decide, write only on the version read. A write that loses a race is
 * decided again on what the winner wrote; after {@value #RETRIES} lost races the caller hears
 * {@link DomainException.Conflict}. So two simultaneous calls never both act on the same state,
 * and a tick and a read never both count the same simulated second.
 */
final class TwinDocuments {
    static final int RETRIES = 8;
    static final String BUSY = "The asset is being changed by other requests. Please try again.";

    /** A record as read, with the version its next write must find (0: no document yet). */
    record Loaded(TwinRecord record, long version) {}

    private final StateStore store;

    TwinDocuments(StateStore store) {
        this.store = store;
    }

    /** The asset's record; an asset never seen is a fresh, idle one (nothing is written for it). */
    Loaded load(String asset) {
        return store.get(TwinRecord.KIND, asset).map(d -> new Loaded(TwinRecord.fromJson(d.json()), d.version()))
                .orElseGet(() -> new Loaded(TwinRecord.fresh(asset), 0));
    }

    List<Loaded> all() {
        return store.list(TwinRecord.KIND).stream()
                .map(d -> new Loaded(TwinRecord.fromJson(d.json()), d.version())).toList();
    }

    /** Writes {@code r} if the stored version is still {@code expectedVersion}; the new version. */
    long save(TwinRecord r, long expectedVersion) throws StaleVersionException {
        return store.put(TwinRecord.KIND, r.assetId(), r.toJson(), expectedVersion);
    }

    /**
     * Reads the asset, lets {@code decide} turn its record into the next one and writes that; a
     * decision that returns the record it was given writes nothing. Refusals thrown by
     * {@code decide} reach the caller as they are.
     *
     * @return the record decided (and written, unless unchanged)
     */
    TwinRecord update(String asset, UnaryOperator<TwinRecord> decide) {
        for (int attempt = 0; ; attempt++) {
            Loaded l = load(asset);
            TwinRecord next = decide.apply(l.record());
            if (next == l.record()) {
                return next;
            }
            try {
                save(next, l.version());
                return next;
            } catch (StaleVersionException e) {
                if (attempt >= RETRIES) {
                    throw new DomainException.Conflict(BUSY);
                }
            }
        }
    }
}
