package io.wattline.testing;

import io.wattline.store.KeyStore;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory {@link KeyStore} that stores what the DynamoDB adapter stores (salt and verifier, no secret). */
public final class MemoryKeyStore implements KeyStore {
    private record Stored(ApiKey key, String salt, String verifier) {}

    private final Map<String, Stored> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** How many times {@link #find} was asked: tests of caching and lockout read it. */
    public final AtomicInteger lookups = new AtomicInteger();

    @Override
    public Created create(String name, Scope scope, int requestsPerMinute, Instant now) {
        String secret = KeyStore.newSecret(random);
        return new Created(ensure(secret, name, scope, requestsPerMinute, now), secret);
    }

    @Override
    public ApiKey ensure(String secret, String name, Scope scope, int requestsPerMinute, Instant now) {
        String id = KeyStore.keyId(KeyStore.hash(secret));
        return byId.computeIfAbsent(id, x -> {
            String salt = KeyStore.newSalt(random);
            return new Stored(new ApiKey(id, name, now, false, scope, requestsPerMinute), salt, KeyStore.verifier(salt, KeyStore.hash(secret)));
        }).key();
    }

    @Override
    public boolean setQuota(String keyId, int requestsPerMinute) {
        Stored s = byId.get(keyId);
        if (s == null) return false;
        ApiKey k = s.key();
        byId.put(keyId, new Stored(new ApiKey(k.keyId(), k.name(), k.createdAt(), k.revoked(), k.scope(), requestsPerMinute), s.salt(), s.verifier()));
        return true;
    }

    private final Map<String, long[]> minutes = new ConcurrentHashMap<>();
    /** How many times {@link #reserve} was asked: tests of quota leases read it. */
    public final AtomicInteger reservations = new AtomicInteger();

    @Override
    public int reserve(String keyId, long minute, int wanted, int limit) {
        reservations.incrementAndGet();
        synchronized (minutes) {
            long[] m = minutes.computeIfAbsent(keyId, k -> new long[]{minute, 0});
            if (m[0] < minute) { m[0] = minute; m[1] = 0; }
            if (m[0] > minute || m[1] + wanted > limit) return 0;
            m[1] += wanted;
            return wanted;
        }
    }

    @Override
    public Optional<ApiKey> find(String secret) {
        lookups.incrementAndGet();
        Stored s = byId.get(KeyStore.keyId(KeyStore.hash(secret)));
        if (s == null || !KeyStore.matches(secret, s.salt(), s.verifier()) || s.key().revoked()) return Optional.empty();
        return Optional.of(s.key());
    }

    @Override
    public boolean revoke(String keyId, Instant now) {
        Stored s = byId.get(keyId);
        if (s == null) return false;
        ApiKey k = s.key();
        byId.put(keyId, new Stored(new ApiKey(k.keyId(), k.name(), k.createdAt(), true, k.scope(), k.requestsPerMinute()), s.salt(), s.verifier()));
        return true;
    }

    @Override
    public List<ApiKey> list() {
        return new ArrayList<>(byId.values().stream().map(Stored::key).toList());
    }

    @Override
    public Migration migrate() {
        return Migration.NONE;
    }
}
