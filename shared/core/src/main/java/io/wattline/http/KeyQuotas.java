package io.wattline.http;

import io.wattline.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-key request quotas: each key may make its quota's requests per calendar minute, counted across every
 * function instance in the key store ({@link KeyStore#reserve}). So that a request does not cost a write, an
 * instance takes a lease of a twentieth of the quota (at most {@value #MAX_LEASE}) and spends it locally, and
 * asks for single requests once a lease no longer fits; once the store refuses, the instance refuses the key
 * locally until the next minute. Requests an instance leased but did not spend are lost for that minute: a key
 * may be refused a little before its quota is reached, never let past it.
 *
 * <p>If the key store cannot be asked, the key's requests are let through for the rest of that minute (its key was
 * just found or remembered; the stage's throttling still bounds the load) and the failure is logged once.
 */
final class KeyQuotas {
    private static final Logger LOG = LoggerFactory.getLogger(KeyQuotas.class);
    static final int MAX_LEASE = 100;
    private static final int MAX_TRACKED = 10_000;

    /** What one instance may still spend of a key's minute. */
    private static final class Lease {
        long minute = Long.MIN_VALUE;
        int left;
        /** The store refused this minute: refuse locally until the next one (an over-quota key costs no writes). */
        boolean spent;
        /** A whole lease did not fit this minute: ask for single requests only. */
        boolean singles;
        /** The store failed this minute: let the key through until the next one without asking again. */
        boolean unavailable;
    }

    private final Supplier<KeyStore> keys;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    KeyQuotas(Supplier<KeyStore> keys) {
        this.keys = keys;
    }

    /** 0 when the request may run, else the seconds until the key's next minute (its Retry-After). */
    long take(KeyStore.ApiKey key, int limit, Instant now) {
        if (limit <= 0) return 0;
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (leases.size() > MAX_TRACKED) leases.clear();
        Lease lease = leases.computeIfAbsent(key.keyId(), k -> new Lease());
        synchronized (lease) {
            if (minute < lease.minute) return 0; // a request stamped before this instance's minute: no older lease
            if (lease.minute != minute) {
                lease.minute = minute;
                lease.left = 0;
                lease.spent = false;
                lease.singles = false;
                lease.unavailable = false;
            }
            if (lease.unavailable) return 0;
            if (lease.left == 0 && !lease.spent) {
                int chunk = lease.singles ? 1 : Math.max(1, Math.min(MAX_LEASE, limit / 20));
                try {
                    int granted = keys.get().reserve(key.keyId(), minute, chunk, limit);
                    if (granted == 0 && chunk > 1) {
                        lease.singles = true; // a whole lease no longer fits this minute: ask for one at a time
                        granted = keys.get().reserve(key.keyId(), minute, 1, limit);
                    }
                    lease.left = granted;
                    lease.spent = granted == 0;
                } catch (RuntimeException e) {
                    // once per key and minute: the key was just verified, and the stage's throttling still bounds load
                    lease.unavailable = true;
                    LOG.error("quota store unavailable; key {} is not counted for the rest of this minute: {}", key.keyId(),
                            e.toString());
                    return 0;
                }
            }
            if (lease.left == 0) return 60 - Math.floorMod(now.getEpochSecond(), 60);
            lease.left--;
            return 0;
        }
    }
}
