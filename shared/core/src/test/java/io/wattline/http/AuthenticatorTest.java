package io.wattline.http;

import io.wattline.store.KeyStore;
import io.wattline.testing.MemoryKeyStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    final MemoryKeyStore keys = new MemoryKeyStore();
    final MutableClock clock = new MutableClock();
    final String writer = keys.create("writer", KeyStore.Scope.WRITE, clock.now).secret();
    final String reader = keys.create("reader", KeyStore.Scope.READ, clock.now).secret();

    static ApiRequest request(String method, String ip, String header, String value) {
        Map<String, String> headers = new HashMap<>();
        if (header != null) headers.put(header, value);
        return new ApiRequest(method, "/api/v1/x", Map.of(), headers, null, "r", Map.of(), ip, null);
    }

    static int status(Authenticator.Decision d) {
        return d instanceof Authenticator.Decision.Refused r ? r.error().status() : 200;
    }

    @Test
    void everyHeaderTheDetectionApiReadsCarriesTheKey() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        for (String h : new String[]{"x-api-key", "ocp-apim-subscription-key", "x-canary-key"}) {
            var d = auth.admit(request("GET", "1.1.1.1", h, writer), Access.READ, ErrorStyle.FASTAPI);
            assertEquals("writer", ((Authenticator.Decision.Admitted) d).request().caller().name(), h);
        }
        assertEquals(200, status(auth.admit(request("POST", "1.1.1.1", "authorization", "Bearer " + writer), Access.WRITE, ErrorStyle.FASTAPI)));
        assertEquals(401, status(auth.admit(request("GET", "1.1.1.1", "authorization", "Basic " + writer), Access.READ, ErrorStyle.FASTAPI)));
    }

    @Test
    void readKeysReadAndOnlyWriteKeysWrite() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", reader), Access.READ, ErrorStyle.FASTAPI)));
        assertEquals(200, status(auth.admit(request("POST", "a", "x-api-key", reader), Access.KEYED_READ, ErrorStyle.FASTAPI)));
        var refused = (Authenticator.Decision.Refused) auth.admit(request("POST", "a", "x-api-key", reader), Access.WRITE, ErrorStyle.FASTAPI);
        assertEquals(403, refused.error().status());
        assertTrue(refused.error().detail().contains("write scope"), refused.error().detail());
        assertEquals(200, status(auth.admit(request("POST", "a", "x-api-key", writer), Access.WRITE, ErrorStyle.FASTAPI)));
    }

    @Test
    void openReadsOpenOnlyReadRoutesAndNeverWritesOrKeyedAnswers() {
        Authenticator open = new Authenticator(() -> keys, clock, true);
        Authenticator closed = new Authenticator(() -> keys, clock, false);
        var admitted = open.admit(request("GET", "a", null, null), Access.READ, ErrorStyle.FASTAPI);
        assertNull(((Authenticator.Decision.Admitted) admitted).request().caller());
        assertEquals(401, status(open.admit(request("POST", "a", null, null), Access.WRITE, ErrorStyle.FASTAPI)));
        assertEquals(401, status(open.admit(request("POST", "a", null, null), Access.KEYED_READ, ErrorStyle.AZURE)));
        assertEquals(401, status(closed.admit(request("GET", "a", null, null), Access.READ, ErrorStyle.FASTAPI)));
        assertEquals(200, status(closed.admit(request("GET", "a", null, null), Access.PUBLIC, ErrorStyle.FASTAPI)));
        // a wrong key is refused even where none is needed: a client with a typo hears about it
        assertEquals(401, status(open.admit(request("GET", "a", "x-api-key", "wlk_typo"), Access.READ, ErrorStyle.FASTAPI)));
    }

    @Test
    void refusalsAreSpelledInTheRoutesStyle() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        var azure = (Authenticator.Decision.Refused) auth.admit(request("POST", "a", null, null), Access.KEYED_READ, ErrorStyle.AZURE);
        ApiResponse r = ErrorStyle.AZURE.render(azure.error());
        assertEquals("401", r.headers().get("x-ms-error-code"));
        assertTrue(r.body().startsWith("{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key"), r.body());
        assertEquals("Bearer", azure.headers().get("www-authenticate"));
        var fastapi = (Authenticator.Decision.Refused) auth.admit(request("POST", "a", null, null), Access.KEYED_READ, ErrorStyle.FASTAPI);
        assertEquals("{\"detail\":\"Invalid or missing API key\"}", ErrorStyle.FASTAPI.render(fastapi.error()).body());
    }

    @Test
    void wrongKeysFromOneAddressEarnADoublingLockoutThatTheRightKeyDoesNotClear() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        for (int i = 0; i < Authenticator.FREE_FAILURES; i++) {
            assertEquals(401, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", "wlk_guess" + i), Access.READ, ErrorStyle.FASTAPI)), "guess " + i);
        }
        int lookups = keys.lookups.get();
        var locked = (Authenticator.Decision.Refused) auth.admit(request("GET", "10.0.0.1", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI);
        assertEquals(429, locked.error().status());
        assertEquals("1", locked.headers().get("retry-after"));
        assertEquals(lookups, keys.lookups.get(), "a locked address costs no key store read");
        // another address is not affected
        assertEquals(200, status(auth.admit(request("GET", "10.0.0.2", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        // after the lock, one more wrong key locks for twice as long
        clock.now = clock.now.plusSeconds(2);
        assertEquals(401, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", "wlk_guess_again"), Access.READ, ErrorStyle.FASTAPI)));
        var longer = (Authenticator.Decision.Refused) auth.admit(request("GET", "10.0.0.1", "x-api-key", "wlk_x"), Access.READ, ErrorStyle.FASTAPI);
        assertEquals("2", longer.headers().get("retry-after"));
        clock.now = clock.now.plusSeconds(3);
        assertEquals(200, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        // a right key between guesses does not clear the count (a read key reset it between every nine guesses)
        assertEquals(401, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", "wlk_once_more"), Access.READ, ErrorStyle.FASTAPI)));
        var again = (Authenticator.Decision.Refused) auth.admit(request("GET", "10.0.0.1", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI);
        assertEquals("4", again.headers().get("retry-after"), "the next lock, twice as long");
        // a quiet minute without wrong keys: the count is gone, and typos start afresh
        clock.now = clock.now.plusSeconds(65);
        assertEquals(401, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", "wlk_typo"), Access.READ, ErrorStyle.FASTAPI)));
        assertEquals(200, status(auth.admit(request("GET", "10.0.0.1", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
    }

    /** A request through CloudFront: the edge's address, the viewer's beside it, and the origin secret if given. */
    static ApiRequest viaCloudFront(String viewer, String verify, String key) {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-api-key", key);
        headers.put("cloudfront-viewer-address", viewer);
        if (verify != null) headers.put("x-origin-verify", verify);
        return new ApiRequest("GET", "/api/v1/x", Map.of(), headers, null, "r", Map.of(), "130.176.0.1", null);
    }

    @Test
    void behindCloudFrontWrongKeysCountAgainstTheViewerNotTheSharedEdge() {
        Authenticator auth = new Authenticator(() -> keys, clock, false, 1000, java.util.Optional.of("s3cret"));
        for (int i = 0; i < Authenticator.FREE_FAILURES; i++) {
            assertEquals(401, status(auth.admit(viaCloudFront("198.51.100.7:50123", "s3cret", "wlk_guess" + i), Access.READ, ErrorStyle.FASTAPI)));
        }
        assertEquals(429, status(auth.admit(viaCloudFront("198.51.100.7:50124", "s3cret", writer), Access.READ, ErrorStyle.FASTAPI)),
                "the viewer guessing keys is locked out");
        assertEquals(200, status(auth.admit(viaCloudFront("2001:db8::5:443", "s3cret", writer), Access.READ, ErrorStyle.FASTAPI)),
                "a colleague behind the same edge is not");
        assertEquals("2001:db8:0:0::/64", auth.clientAddress(viaCloudFront("2001:db8::5:443", "s3cret", writer)));
        // one subscriber's /64 is one client: rotating through its addresses does not dodge the count
        assertEquals("2001:db8:0:0::/64", auth.clientAddress(viaCloudFront("2001:db8:0:0:ffff:1:2:3:5000", "s3cret", writer)));
        assertEquals("198.51.100.7", auth.clientAddress(viaCloudFront("198.51.100.7:1", "s3cret", writer)));
        // anything but one address literal is not CloudFront's: API Gateway's address counts
        assertEquals("130.176.0.1", auth.clientAddress(viaCloudFront("1.2.3.4:1, 5.6.7.8:2", "s3cret", writer)));
        assertEquals("130.176.0.1", auth.clientAddress(viaCloudFront("evil.example.com:80", "s3cret", writer)));
        // without the secret (or with a wrong one) the header is the caller's own claim: the edge's address counts
        assertEquals("130.176.0.1", auth.clientAddress(viaCloudFront("192.0.2.1:1", null, writer)));
        assertEquals("130.176.0.1", auth.clientAddress(viaCloudFront("192.0.2.1:1", "guess", writer)));
        assertEquals("130.176.0.1", new Authenticator(() -> keys, clock, false)
                .clientAddress(viaCloudFront("192.0.2.1:1", "s3cret", writer)), "no secret configured: nothing is trusted");
    }

    /**
     * A client that keeps sending one stale key (a job still holding its Azure key, behind the office's NAT) is not
     * guessing: it hears 401 each time, and the colleagues behind the same address are not locked out by it.
     */
    @Test
    void oneStaleKeySentAgainAndAgainIsOneMistakeAndLocksNobodyOut() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        int lookups = keys.lookups.get();
        for (int i = 0; i < 100; i++) {
            assertEquals(401, status(auth.admit(request("POST", "10.9.9.9", "ocp-apim-subscription-key",
                    "0123456789abcdef0123456789abcdef"), Access.KEYED_READ, ErrorStyle.AZURE)), "call " + i);
            clock.now = clock.now.plusMillis(200);
        }
        assertEquals(lookups + 1, keys.lookups.get(), "the repeats read the key store no more");
        // a quiet minute later it is looked up again (a key created since with that secret would be found)
        clock.now = clock.now.plusSeconds(61);
        assertEquals(401, status(auth.admit(request("POST", "10.9.9.9", "ocp-apim-subscription-key",
                "0123456789abcdef0123456789abcdef"), Access.KEYED_READ, ErrorStyle.AZURE)));
        assertEquals(lookups + 2, keys.lookups.get());
        assertEquals(200, status(auth.admit(request("POST", "10.9.9.9", "ocp-apim-subscription-key", writer), Access.KEYED_READ,
                ErrorStyle.AZURE)));
        // different wrong keys still count: nine more make ten, and the address is locked
        for (int i = 0; i < Authenticator.FREE_FAILURES - 1; i++) {
            auth.admit(request("POST", "10.9.9.9", "x-api-key", "wlk_guess" + i), Access.KEYED_READ, ErrorStyle.AZURE);
        }
        assertEquals(429, status(auth.admit(request("POST", "10.9.9.9", "x-api-key", writer), Access.KEYED_READ, ErrorStyle.AZURE)));
    }

    @Test
    void threeHundredWrongKeysAreMostlyAnswered429() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        int tooMany = 0;
        for (int i = 0; i < 300; i++) {
            if (status(auth.admit(request("GET", "203.0.113.9", "x-api-key", "wlk_" + i), Access.READ, ErrorStyle.FASTAPI)) == 429) tooMany++;
        }
        assertEquals(300 - Authenticator.FREE_FAILURES, tooMany);
        assertTrue(keys.lookups.get() <= Authenticator.FREE_FAILURES + 2, "lookups " + keys.lookups.get());
    }

    @Test
    void foundKeysAreCachedAndRevocationTakesEffectAfterTheCache() {
        Authenticator auth = new Authenticator(() -> keys, clock, false);
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        int lookups = keys.lookups.get();
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        assertEquals(lookups, keys.lookups.get());
        keys.revoke(keys.find(writer).orElseThrow().keyId(), clock.now);
        clock.now = clock.now.plusSeconds(KeyStore.CACHE_SECONDS + 1);
        assertEquals(401, status(auth.admit(request("GET", "a", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
    }

    @Test
    void storedVerifiersAreSaltedHmacsNotBareHashes() {
        String salt = KeyStore.newSalt(new java.security.SecureRandom());
        String v = KeyStore.verifier(salt, KeyStore.hash(writer));
        assertFalse(v.equals(KeyStore.hash(writer)));
        assertTrue(KeyStore.matches(writer, salt, v));
        assertFalse(KeyStore.matches(reader, salt, v));
        assertFalse(KeyStore.verifier(KeyStore.newSalt(new java.security.SecureRandom()), KeyStore.hash(writer)).equals(v));
    }

    @Test
    void aKeyGetsItsQuotaPerMinuteThen429UntilTheNextMinuteAndOtherKeysAreNotAffected() {
        clock.now = Instant.parse("2026-03-01T08:00:45Z");
        String limited = keys.create("five a minute", KeyStore.Scope.READ, 5, clock.now).secret();
        Authenticator auth = new Authenticator(() -> keys, clock, false, 1000);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", limited), Access.READ, ErrorStyle.FASTAPI)), "request " + i);
        }
        var refused = (Authenticator.Decision.Refused) auth.admit(request("GET", "a", "x-api-key", limited), Access.READ, ErrorStyle.AZURE);
        assertEquals(429, refused.error().status());
        assertEquals("15", refused.headers().get("retry-after"), "seconds to the next minute");
        assertTrue(refused.error().detail().contains("quota of 5 requests per minute"), refused.error().detail());
        // the writer follows the deployment's default (1000 a minute) and is not affected
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        // a refused request is not a wrong key: no lockout builds up
        for (int i = 0; i < 2 * Authenticator.FREE_FAILURES; i++) auth.admit(request("GET", "a", "x-api-key", limited), Access.READ, ErrorStyle.FASTAPI);
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", writer), Access.READ, ErrorStyle.FASTAPI)));
        clock.now = clock.now.plusSeconds(15);
        assertEquals(200, status(auth.admit(request("GET", "a", "x-api-key", limited), Access.READ, ErrorStyle.FASTAPI)), "a new minute");
    }

    @Test
    void instancesLeaseTheirShareSoTheQuotaHoldsAcrossThemAtAFewStoreWritesPerMinute() {
        String shared = keys.create("shared", KeyStore.Scope.READ, 1000, clock.now).secret();
        String unlimited = keys.create("unlimited", KeyStore.Scope.READ, KeyStore.NO_QUOTA, clock.now).secret();
        List<Authenticator> instances = List.of(new Authenticator(() -> keys, clock, false, 10), new Authenticator(() -> keys, clock, false, 10),
                new Authenticator(() -> keys, clock, false, 10));
        int admitted = 0;
        for (int i = 0; i < 1500; i++) {
            if (status(instances.get(i % 3).admit(request("GET", "a", "x-api-key", shared), Access.READ, ErrorStyle.FASTAPI)) == 200) admitted++;
        }
        assertTrue(admitted <= 1000 && admitted >= 1000 - 2 * KeyQuotas.MAX_LEASE, "admitted " + admitted);
        assertTrue(keys.reservations.get() <= 1000 / 50 + 3 * 2, "store writes " + keys.reservations.get());
        int firstThousand = keys.reservations.get();
        for (int i = 0; i < 2000; i++) {
            assertEquals(200, status(instances.get(i % 3).admit(request("GET", "a", "x-api-key", unlimited), Access.READ, ErrorStyle.FASTAPI)));
        }
        assertEquals(firstThousand, keys.reservations.get(), "a key without a quota is not counted");
    }

    @Test
    void aQuotaBelowTwentyIsCountedRequestByRequestAndNeverExceeded() {
        String tiny = keys.create("tiny", KeyStore.Scope.READ, 7, clock.now).secret();
        List<Authenticator> instances = List.of(new Authenticator(() -> keys, clock, false), new Authenticator(() -> keys, clock, false));
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            if (status(instances.get(i % 2).admit(request("GET", "a", "x-api-key", tiny), Access.READ, ErrorStyle.FASTAPI)) == 200) admitted++;
        }
        assertEquals(7, admitted);
    }
}
