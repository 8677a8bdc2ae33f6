package io.wattline.store;

import io.wattline.config.Settings;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API keys of the whole suite (EnMS, twin and detection APIs). A key is a secret shown once, at
 * creation, and a public id derived from it ({@code key_} and 12 hex digits of its SHA-256), under
 * which the key's record, its detection baselines and its usage are filed. The record holds a random
 * salt and {@code HMAC-SHA256(salt, SHA-256(secret))}: a leaked table gives neither the secrets nor a
 * table of hashes to look them up in, and the layout before salting (a bare SHA-256) migrates without
 * reissuing keys, because the stored SHA-256 is exactly what the HMAC takes. Secrets are never logged.
 */
public interface KeyStore {
    /** How long a warm function may keep using a key it found: a revocation takes effect within this. */
    int CACHE_SECONDS = 30;

    /** The local cloud's development key: created by the local cloud only, never on AWS. */
    String LOCAL_DEVELOPMENT_KEY = "wlk_local_development_key_not_for_production";

    /** What a key may do: {@code READ} calls reading routes; {@code WRITE} calls every route. */
    enum Scope {
        READ, WRITE;

        public static Scope parse(String s) {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@link ApiKey#requestsPerMinute()} of a key that follows the deployment's default quota. */
    int DEFAULT_QUOTA = -1;
    /** {@link ApiKey#requestsPerMinute()} of a key without a quota (the local development key). */
    int NO_QUOTA = 0;

    /**
     * A key's record. {@code requestsPerMinute}: its quota, {@link #DEFAULT_QUOTA} for the deployment's
     * ({@code KEY_REQUESTS_PER_MINUTE}) or {@link #NO_QUOTA}.
     */
    record ApiKey(String keyId, String name, Instant createdAt, boolean revoked, Scope scope, int requestsPerMinute) {
        public ApiKey(String keyId, String name, Instant createdAt, boolean revoked, Scope scope) {
            this(keyId, name, createdAt, revoked, scope, DEFAULT_QUOTA);
        }

        /** The quota in force: this key's own, else the deployment's; 0 means none. */
        public int quota(int deploymentDefault) {
            return requestsPerMinute == DEFAULT_QUOTA ? deploymentDefault : requestsPerMinute;
        }
    }

    /** A new key: its record and the secret, which nothing stores. */
    record Created(ApiKey key, String secret) {}

    /** Builds the key store of the deployment; the DynamoDB adapter registers one (java.util.ServiceLoader). */
    interface Factory {
        KeyStore create(Settings settings);
    }

    /** Creates a key with a random secret and the deployment's default quota. */
    default Created create(String name, Scope scope, Instant now) {
        return create(name, scope, DEFAULT_QUOTA, now);
    }

    /** Creates a key with a random secret and a quota ({@link #DEFAULT_QUOTA}, {@link #NO_QUOTA} or requests per minute). */
    Created create(String name, Scope scope, int requestsPerMinute, Instant now);

    /** Stores a key with a given secret (the local development key) unless it exists; its record either way. */
    ApiKey ensure(String secret, String name, Scope scope, int requestsPerMinute, Instant now);

    /** Changes a key's quota; false when there is no such key. */
    boolean setQuota(String keyId, int requestsPerMinute);

    /**
     * Takes up to {@code wanted} requests from a key's budget for the minute {@code minute} (epoch minutes) without
     * going over {@code limit}: {@code wanted} when they fit, else 0. Atomic across every function instance.
     */
    int reserve(String keyId, long minute, int wanted, int limit);

    /** The active key with this secret, if any. */
    Optional<ApiKey> find(String secret);

    /** Revokes a key by id; false when there is no such key. */
    boolean revoke(String keyId, Instant now);

    List<ApiKey> list();

    /**
     * Moves the keys earlier versions kept beside other state into the store's own place (those stored before salting,
     * as a bare SHA-256, rewritten as salted HMACs with the same ids), and marks the move done; how many it moved.
     */
    Migration migrate();

    /** What {@link #migrate()} did: the keys it moved, and the items it could not read as keys (left where they were). */
    record Migration(List<ApiKey> moved, List<String> unreadable) {
        public static final Migration NONE = new Migration(List.of(), List.of());
    }

    /** SHA-256 of the secret, hex: the key id is derived from it; it is never stored whole. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the store keeps to check a secret: HMAC-SHA256 keyed with the key's salt over the secret's SHA-256 (hex). */
    static String verifier(String saltHex, String sha256Hex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(saltHex), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(HexFormat.of().parseHex(sha256Hex)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a secret matches a stored salt and verifier; compares in constant time. */
    static boolean matches(String secret, String saltHex, String verifierHex) {
        if (saltHex == null || verifierHex == null) return false;
        byte[] expected = HexFormat.of().parseHex(verifierHex);
        byte[] actual = HexFormat.of().parseHex(verifier(saltHex, hash(secret)));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A new random salt (16 bytes, hex). */
    static String newSalt(SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
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

    /** Secrets longer than this are refused unread (no key is that long). */
    int MAX_SECRET_LENGTH = 256;
}
