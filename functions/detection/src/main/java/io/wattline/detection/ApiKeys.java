package io.wattline.detection;

import io.wattline.store.KeyStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the caller's API key in the headers Azure's and the seed's clients send, in this order:
 * {@code Ocp-Apim-Subscription-Key}, {@code X-Api-Key}, {@code X-Canary-Key},
 * {@code Authorization: Bearer <key>}; then checks it against the {@link KeyStore} (by hash).
 * Found keys are remembered for {@value #CACHE_SECONDS} s per warm function, so a revocation takes
 * effect within that time; unknown keys are not remembered. The secret itself is never logged.
 */
final class ApiKeys {
    static final int CACHE_SECONDS = KeyStore.CACHE_SECONDS;

    private final KeyStore store;
    private final Clock clock;
    private final Map<String, Map.Entry<KeyStore.ApiKey, Instant>> cache = new ConcurrentHashMap<>();

    ApiKeys(KeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The secret the request carries, if any. */
    static Optional<String> secret(Map<String, String> headers) {
        for (String h : new String[]{"ocp-apim-subscription-key", "x-api-key", "x-canary-key"}) {
            String v = headers.get(h);
            if (v != null && !v.isBlank()) return Optional.of(v.strip());
        }
        String auth = headers.get("authorization");
        if (auth != null && auth.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            String v = auth.substring(7).strip();
            if (!v.isEmpty()) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** The active key of the request, if its secret is known. */
    Optional<KeyStore.ApiKey> authenticate(Map<String, String> headers) {
        Optional<String> secret = secret(headers);
        if (secret.isEmpty()) return Optional.empty();
        String hash = KeyStore.hash(secret.get());
        Instant now = clock.instant();
        var hit = cache.get(hash);
        if (hit != null && hit.getValue().isAfter(now)) return Optional.of(hit.getKey());
        Optional<KeyStore.ApiKey> key = store.find(secret.get());
        key.ifPresentOrElse(k -> cache.put(hash, Map.entry(k, now.plusSeconds(CACHE_SECONDS))), () -> cache.remove(hash));
        if (cache.size() > 10_000) cache.clear();
        return key;
    }
}
