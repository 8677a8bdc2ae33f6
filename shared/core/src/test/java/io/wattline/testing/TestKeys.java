package io.wattline.testing;

import io.wattline.http.Authenticator;
import io.wattline.store.KeyStore;

import java.time.Clock;
import java.time.Instant;

/** Authentication for handler tests that replay events/ (which carry the local development key). */
public final class TestKeys {
    private TestKeys() {}

    /** An authenticator over an in-memory key store holding the development key (write scope); reads stay closed. */
    public static Authenticator developmentKeyOnly() {
        MemoryKeyStore keys = new MemoryKeyStore();
        keys.ensure(KeyStore.LOCAL_DEVELOPMENT_KEY, "local development", KeyStore.Scope.WRITE, KeyStore.NO_QUOTA, Instant.EPOCH);
        return new Authenticator(() -> keys, Clock.systemUTC(), false);
    }
}
