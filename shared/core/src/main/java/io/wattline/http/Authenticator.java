package io.wattline.http;

import io.wattline.config.Lazy;
import io.wattline.config.Settings;
import io.wattline.store.KeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one check of every request, before any handler runs ({@link LambdaFunction#serve}): finds the
 * caller's API key in the headers Azure's clients and the seed's send ({@code Ocp-Apim-Subscription-Key},
 * {@code X-Api-Key}, {@code X-Canary-Key}, {@code Authorization: Bearer <key>}), checks it against the
 * {@link KeyStore}, and admits the request if the route's {@link Access} allows the key's scope.
 *
 * <p>Found keys are remembered for {@value KeyStore#CACHE_SECONDS} s per warm function (a revocation takes
 * effect within that time); unknown keys are not. Wrong keys are counted per client address, each different one once
 * (a client that keeps sending one stale key, a forgotten job still holding its Azure key, is not guessing, and
 * behind a shared address it locked every other client out): after {@value #FREE_FAILURES} within a minute the
 * address gets 429 with {@code Retry-After} for 1 s, then twice as long after every further new wrong key, up to
 * {@value #MAX_LOCK_SECONDS} s; the count fades after a minute without a new wrong key (a right key does not clear it). On AWS the count is per warm instance (API Gateway's throttling bounds the rest); in the local
 * cloud one authenticator serves every function. An admitted key then spends one request of its per-minute
 * quota ({@link KeyQuotas}, counted across instances); past it, 429 with {@code Retry-After} until the next
 * minute. A request without any key is not a guess and is not
 * counted. The secret itself is never logged.
 *
 * <p>The client address is API Gateway's {@code sourceIp}, except behind the stack's CloudFront distribution (the
 * dashboards' address), where that is an edge server that many users share: there it is the
 * {@code CloudFront-Viewer-Address} CloudFront sends, trusted only beside the origin secret CloudFront also sends
 * ({@link Settings#originVerifySecret()}), so a caller that reaches API Gateway directly cannot name its own address.
 */
public final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    static final int FREE_FAILURES = 10;
    static final long MAX_LOCK_SECONDS = 900;
    private static final Duration QUIET = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 10_000;
    /** Digests of wrong keys remembered per address: past the lock's threshold, every new guess only lengthens it. */
    private static final int MAX_SEEN = 64;

    /** What happens to a request: it runs (with its caller), or it is refused with this error and these headers. */
    public sealed interface Decision {
        record Admitted(ApiRequest request) implements Decision {}
        record Refused(ApiException error, Map<String, String> headers) implements Decision {}
    }

    private final Supplier<KeyStore> keys;
    private final Clock clock;
    private final boolean openReads;
    private final int defaultQuota;
    private final KeyQuotas quotas;
    private final byte[] originVerifySecret;
    private final Map<String, Map.Entry<KeyStore.ApiKey, Instant>> cache = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /**
     * Wrong keys from one address: how many different ones, when the last new one came, the lock they earned, and the
     * digests of the ones counted (so that a repeat is not counted again).
     */
    private record Failures(int count, Instant last, Instant lockedUntil, long lockSeconds, java.util.Set<String> seen) {}

    /** {@code keys} null: no key store could be found, so every route that needs a key is refused (fail closed). */
    public Authenticator(Supplier<KeyStore> keys, Clock clock, boolean openReads) {
        this(keys, clock, openReads, Settings.DEFAULT_KEY_REQUESTS_PER_MINUTE);
    }

    /** {@code defaultQuota}: requests per minute of a key without its own quota; 0 for none. */
    public Authenticator(Supplier<KeyStore> keys, Clock clock, boolean openReads, int defaultQuota) {
        this(keys, clock, openReads, defaultQuota, Optional.empty());
    }

    /** {@code originVerifySecret}: what marks a request as CloudFront's ({@link #clientAddress}). */
    public Authenticator(Supplier<KeyStore> keys, Clock clock, boolean openReads, int defaultQuota,
                         Optional<String> originVerifySecret) {
        this.originVerifySecret = originVerifySecret.map(v -> v.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        this.keys = keys;
        this.clock = clock;
        this.openReads = openReads;
        this.defaultQuota = defaultQuota;
        this.quotas = keys == null ? null : new KeyQuotas(keys);
    }

    /** The deployment's authenticator: the key store registered for {@link KeyStore.Factory} (the DynamoDB adapter's). */
    public static Authenticator of(Settings settings) {
        Optional<KeyStore.Factory> factory = ServiceLoader.load(KeyStore.Factory.class, Authenticator.class.getClassLoader()).findFirst();
        if (factory.isEmpty()) LOG.error("no key store on the classpath: every route that needs a key answers 401");
        return new Authenticator(factory.map(f -> (Supplier<KeyStore>) Lazy.of(() -> f.create(settings))).orElse(null),
                Clock.systemUTC(), settings.openReads(), settings.keyRequestsPerMinute(), settings.originVerifySecret());
    }

    public boolean openReads() {
        return openReads;
    }

    /** The secret a request carries, if any. */
    public static Optional<String> secret(Map<String, String> headers) {
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

    /** Decides whether a request may run a route with this access; refusals are spelled in the route's style. */
    public Decision admit(ApiRequest request, Access access, ErrorStyle style) {
        Optional<String> secret = secret(request.headers());
        if (secret.isEmpty()) {
            if (access == Access.PUBLIC || (access == Access.READ && openReads)) return new Decision.Admitted(request.withCaller(null));
            return unauthorized(style);
        }
        String address = clientAddress(request);
        Instant now = clock.instant();
        Failures f = failures.get(address);
        if (f != null && f.lockedUntil().isAfter(now)) return tooMany(f, now);
        // the same wrong key again (a stale client): 401 without another key-store read, for a quiet minute after the
        // last new wrong key (then it is looked up again: a key created since is found)
        if (f != null && f.last().plus(QUIET).isAfter(now) && f.seen().contains(digestOf(secret.get()))) return unauthorized(style);
        Optional<KeyStore.ApiKey> key;
        try {
            key = find(secret.get(), now);
        } catch (RuntimeException e) {
            LOG.error("key store unavailable", e);
            return new Decision.Refused(new ApiException(503, "503", "Authentication is unavailable; try again later"), Map.of());
        }
        if (key.isEmpty()) {
            fail(address, now, secret.get());
            return unauthorized(style);
        }
        // a right key does not clear the count: with any key of their own (a read key) a guesser cleared it between
        // every nine guesses; the count fades after a quiet minute (fail), so a user's typos before it cost nothing later
        if (access == Access.WRITE && key.get().scope() != KeyStore.Scope.WRITE) {
            return new Decision.Refused(new ApiException(403, "403", "This API key may only read: "
                    + request.method() + " " + request.path() + " needs a key with the write scope"), Map.of());
        }
        int quota = key.get().quota(defaultQuota);
        long wait = quotas.take(key.get(), quota, now);
        if (wait > 0) {
            return new Decision.Refused(new ApiException(429, "429", "This API key has used its quota of "
                    + quota + " requests per minute; retry after " + wait + " s"),
                    Map.of("retry-after", Long.toString(wait)));
        }
        return new Decision.Admitted(request.withCaller(key.get()));
    }

    /**
     * Whom wrong keys are counted against: the viewer's address CloudFront sends ({@code CloudFront-Viewer-Address},
     * "ip:port") when the request carries the origin secret, else the address API Gateway saw.
     */
    String clientAddress(ApiRequest request) {
        String viewer = request.headers().get("cloudfront-viewer-address");
        String verify = request.headers().get("x-origin-verify");
        if (originVerifySecret != null && viewer != null && verify != null
                && java.security.MessageDigest.isEqual(originVerifySecret, verify.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            String ip = viewerIp(viewer);
            if (ip != null) return ip;
        }
        return request.sourceIp() == null ? "" : request.sourceIp();
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:]+(%\\w+)?");

    /**
     * The client's address in CloudFront's "ip:port", as one literal (else null: anything else, e.g. two values joined
     * by a comma, is not CloudFront's and falls back to API Gateway's address). An IPv6 client counts by its /64, the
     * block one subscriber holds: counting each address apart would let it rotate through them between guesses.
     */
    static String viewerIp(String viewer) {
        int port = viewer.lastIndexOf(':');
        String ip = (port > 0 ? viewer.substring(0, port) : viewer).strip();
        if (IPV4.matcher(ip).matches()) return ip;
        if (!ip.contains(":") || !IPV6.matcher(ip).matches()) return null;
        try {
            byte[] a = java.net.InetAddress.getByName(ip).getAddress(); // a literal: no name lookup
            if (a.length != 16) return null;
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) prefix.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
            return prefix + ":/64";
        } catch (java.net.UnknownHostException notAnAddress) {
            return null;
        }
    }

    private Optional<KeyStore.ApiKey> find(String secret, Instant now) {
        if (keys == null || secret.length() > KeyStore.MAX_SECRET_LENGTH) return Optional.empty();
        String digest = KeyStore.hash(secret);
        var hit = cache.get(digest);
        if (hit != null && hit.getValue().isAfter(now)) return Optional.of(hit.getKey());
        Optional<KeyStore.ApiKey> key = keys.get().find(secret);
        key.ifPresentOrElse(k -> cache.put(digest, Map.entry(k, now.plusSeconds(KeyStore.CACHE_SECONDS))), () -> cache.remove(digest));
        if (cache.size() > MAX_TRACKED) cache.clear();
        return key;
    }

    private void fail(String address, Instant now, String secret) {
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(x -> x.lockedUntil().isBefore(now) && x.last().plus(QUIET).isBefore(now));
            if (failures.size() > MAX_TRACKED) failures.clear();
        }
        String digest = digestOf(secret);
        Failures after = failures.compute(address, (a, f) -> {
            if (f == null || (f.lockedUntil().isBefore(now) && f.last().plus(QUIET).isBefore(now))) {
                f = new Failures(0, now, Instant.EPOCH, 0, java.util.Set.of());
            }
            if (f.seen().contains(digest)) return f; // the same wrong key again: one mistake, already counted
            java.util.Set<String> seen = new java.util.HashSet<>(f.seen());
            if (seen.size() < MAX_SEEN) seen.add(digest);
            int count = f.count() + 1;
            if (count < FREE_FAILURES) return new Failures(count, now, f.lockedUntil(), f.lockSeconds(), seen);
            long lock = f.lockSeconds() == 0 ? 1 : Math.min(MAX_LOCK_SECONDS, f.lockSeconds() * 2);
            return new Failures(count, now, now.plusSeconds(lock), lock, seen);
        });
        if (after.count() == FREE_FAILURES) LOG.warn("{} wrong API keys from {}: backing off", after.count(), address);
    }

    /** What a wrong key is remembered by: its digest (of all of it: a too-long one must not stand for a real key). */
    private static String digestOf(String secret) {
        return KeyStore.hash(secret);
    }

    private static Decision tooMany(Failures f, Instant now) {
        long retry = Math.max(1, (Duration.between(now, f.lockedUntil()).toMillis() + 999) / 1000);
        return new Decision.Refused(new ApiException(429, "429", "Too many wrong API keys from this address; retry after "
                + retry + " s"), Map.of("retry-after", Long.toString(retry)));
    }

    private static Decision unauthorized(ErrorStyle style) {
        return new Decision.Refused(style.unauthorized(), Map.of("www-authenticate", "Bearer"));
    }
}
