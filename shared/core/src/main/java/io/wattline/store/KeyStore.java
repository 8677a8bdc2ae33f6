package io.wattline.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys of the detection API. A key is a secret shown once, at creation; only its SHA-256 is
 * stored (keys are 190 random bits, so a fast hash is enough: there is nothing to brute-force), and
 * each key has a public id that its baselines and usage are filed under. Secrets are never logged.
 */
public interface KeyStore {
    /** How long a warm function may keep using a key it found: a revocation takes effect within this. */
    int CACHE_SECONDS = 30;

    /** The local cloud's development key: created by the local cloud only, never on AWS. */
    String LOCAL_DEVELOPMENT_KEY = "wlk_local_development_key_not_for_production";

    record ApiKey(String keyId, String name, Instant createdAt, boolean revoked) {}

    /** A new key: its record and the secret, which nothing stores. */
    record Created(ApiKey key, String secret) {}

    /** Creates a key with a random secret. */
    Created create(String name, Instant now);

    /** Stores a key with a given secret (the local development key) unless it exists; its record either way. */
    ApiKey ensure(String secret, String name, Instant now);

    /** The active key with this secret, if any. */
    Optional<ApiKey> find(String secret);

    /** Revokes a key by id; false when there is no such key. */
    boolean revoke(String keyId, Instant now);

    List<ApiKey> list();

    /** SHA-256 of the secret, hex. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new secret: {@code wlk_} and 32 characters of base62 (190 bits). */
    static String newSecret(SecureRandom random) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder sb = new StringBuilder("wlk_");
        for (int i = 0; i < 32; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** A key's public id, derived from its hash (so the same secret always has the same id). */
    static String keyId(String hash) {
        return "key_" + hash.substring(0, 12);
    }
}
