package io.wattline.local;

import io.wattline.config.Settings;
import io.wattline.detection.store.BaselineStore;
import io.wattline.detection.store.DynamoBaselineStore;
import io.wattline.store.KeyStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./wattline keys create [--name NAME] [--scope read|write] [--quota N|default|none] | quota KEY_ID N|default|none
 * | rotate KEY_ID | revoke KEY_ID | list | migrate [--local [DIR]]}:
 * manages the API keys of every route (read keys call reading routes and the detection API; write keys everything) in the keys table the environment names (on AWS: the default credentials,
 * {@code AWS_REGION} and {@code TABLE_KEYS}). With {@code --local}, the running local cloud's storage is used (its
 * endpoints are in {@code DIR/endpoints.env}, default {@code .local-cloud}). A created key's secret
 * is printed once and stored only as a salted hash; it cannot be shown again. {@code migrate} moves the keys earlier versions
 * kept in the state table ({@code TABLE_STATE}) into the keys table, rewriting those stored before salting (bare
 * SHA-256) without changing their secrets or ids; every other command does so first if it has not been done. A key's quota (requests per minute) is the
 * deployment's {@code KEY_REQUESTS_PER_MINUTE} unless set with {@code --quota} or {@code quota}.
 */
public final class KeyAdmin {
    private KeyAdmin() {}

    /** What the command line asks for; {@code local} is the local cloud's data folder, or null for the tables of the environment. */
    record Invocation(String command, String name, String keyId, Integer quota, KeyStore.Scope scope, Path local) {}

    static Invocation parse(String[] args) {
        String command = null, name = "", keyId = null;
        Integer quota = null;
        // read unless asked: a detection client's or dashboard's key that leaks must not purge, reset or ingest
        KeyStore.Scope scope = KeyStore.Scope.READ;
        Path local = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "create", "list", "migrate" -> command = args[i];
                case "--scope" -> scope = scope(value(args, ++i, "--scope"));
                case "--quota" -> {
                    if (i + 1 >= args.length) usage("--quota takes a number of requests per minute, default or none");
                    quota = quota(args[++i]);
                }
                case "revoke", "quota", "rotate" -> {
                    command = args[i];
                    if (i + 1 < args.length && !args[i + 1].startsWith("--")) keyId = args[++i];
                    if (command.equals("quota") && i + 1 < args.length && !args[i + 1].startsWith("--")) quota = quota(args[++i]);
                }
                case "--name" -> name = value(args, ++i, "--name");
                case "--local" -> local = i + 1 < args.length && !args[i + 1].startsWith("--") ? Path.of(args[++i])
                        : Path.of(".local-cloud");
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (command == null || (("revoke".equals(command) || "rotate".equals(command)) && keyId == null)
                || ("quota".equals(command) && (keyId == null || quota == null))) usage(null);
        return new Invocation(command, name, keyId, quota, scope, local);
    }

    public static void main(String[] args) throws IOException {
        Invocation a = parse(args);
        String command = a.command();
        Path local = a.local();
        Map<String, String> env = local == null ? awsEnvironment() : new HashMap<>(System.getenv());
        if (local != null) env.putAll(readEnv(local.resolve("endpoints.env")));
        try {
            Settings settings = Settings.from(env);
            if (local == null) {
                // which deployment's keys: an operator with several accounts or regions sees it before anything is written
                System.err.println("keys: table " + settings.tables().keys() + " in " + settings.region()
                        + (env.get("AWS_PROFILE") == null ? "" : ", profile " + env.get("AWS_PROFILE")));
            }
            run(command, a.name(), a.keyId(), a.quota(), a.scope(), new Stores(settings));
        } catch (RuntimeException e) {
            // no credentials, no such table, an unreachable endpoint: one line, not a stack trace inside Maven's output
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // the SDK lists every provider it tried, a screenful: say what to set instead
            if (why.startsWith("Unable to load credentials")) {
                // but a profile named that could not be used says why (an expired SSO session, a missing key)
                // (the default profile too, unless there is none: then the SDK says it "contained no credentials")
                String profile = profileFailure(why);
                if (profile != null && env.get("AWS_PROFILE") == null && profile.contains("contained no credentials")) profile = null;
                why = "no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as for the AWS CLI)"
                        + (profile == null ? "" : "; profile " + env.getOrDefault("AWS_PROFILE", "default") + ": " + profile);
            }
            System.err.println("keys " + command + " failed: " + why
                    + (local == null ? " (the tables of the environment: AWS credentials, AWS_REGION, TABLE_KEYS and TABLE_STATE;"
                    + " --local for the running local cloud's)" : ""));
            System.exit(1);
        }
        System.exit(0); // the SDK's idle connection threads would otherwise keep the JVM a while
    }

    private static final java.util.regex.Pattern NEXT_PROVIDER = java.util.regex.Pattern.compile(", \\w+Provider\\(");

    /** The profile provider's reason in the SDK's message that lists why each provider of its chain failed, or null. */
    static String profileFailure(String sdkMessage) {
        int failures = sdkMessage.indexOf(" : ["); // the chain's description ends there; each provider's failure follows
        int p = failures < 0 ? -1 : sdkMessage.indexOf("ProfileCredentialsProvider(", failures);
        int colon = p < 0 ? -1 : sdkMessage.indexOf("): ", p);
        if (colon < 0) return null;
        var next = NEXT_PROVIDER.matcher(sdkMessage);
        int end = next.find(colon) ? next.start() : sdkMessage.endsWith("]") ? sdkMessage.length() - 1 : sdkMessage.length();
        return sdkMessage.substring(colon + 3, end);
    }

    private static void run(String command, String name, String keyId, Integer quota, KeyStore.Scope scope, Stores stores) {
        Instant now = Instant.now();
        KeyStore keys = stores.keys();
        switch (command) {
            case "rotate" -> {
                Rotated r;
                try {
                    // the secret as soon as it exists: a copy that fails after it must not leave a key nobody holds
                    r = rotate(keys, baselines(stores), keyId, now, successor -> {
                        System.out.println("key id:  " + successor.key().keyId() + " (" + successor.key().scope().wire() + ", "
                                + quotaText(successor.key()) + "), succeeding " + keyId);
                        System.out.println("secret:  " + successor.secret() + "   (shown once)");
                    });
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.exit(1);
                    return;
                } catch (RuntimeException e) {
                    System.err.println("the new key exists, but copying the detection baselines to it failed (" + e.getMessage()
                            + "): run keys rotate again for the same old key to copy them to another new one, or revoke this one");
                    System.exit(1);
                    return;
                }
                System.out.println(r.baselinesCopied() + " detection baselines copied to it. " + keyId
                        + " works until `keys revoke " + keyId + "`: revoke it once the clients send the new secret"
                        + " (a baseline learnt with the old key meanwhile is not copied)");
            }
            case "create" -> {
                KeyStore.Created c = keys.create(name, scope, quota == null ? KeyStore.DEFAULT_QUOTA : quota, now);
                System.out.println("key id:  " + c.key().keyId() + " (" + c.key().scope().wire() + ", " + quotaText(c.key()) + ")");
                System.out.println("secret:  " + c.secret());
                System.out.println("(shown once; send it as Ocp-Apim-Subscription-Key, X-Api-Key, X-Canary-Key or Authorization: Bearer)");
            }
            case "revoke" -> {
                if (!keys.revoke(keyId, now)) {
                    System.err.println("no key " + keyId);
                    System.exit(1);
                }
                System.out.println("revoked " + keyId + " (warm functions may accept it for up to "
                        + KeyStore.CACHE_SECONDS + " s)");
            }
            case "quota" -> {
                if (!keys.setQuota(keyId, quota)) {
                    System.err.println("no key " + keyId);
                    System.exit(1);
                }
                System.out.println(keyId + ": " + quotaText(new KeyStore.ApiKey(keyId, "", now, false, KeyStore.Scope.READ, quota))
                        + " (warm functions apply it within " + KeyStore.CACHE_SECONDS + " s)");
            }
            case "migrate" -> {
                KeyStore.Migration m = keys.migrate();
                // each key moved, for the operator to check: until the move any function's role could write the state table
                for (KeyStore.ApiKey k : m.moved()) {
                    System.out.printf("moved %s  %-8s  %-5s  %s  %s%n", printable(k.keyId()), k.revoked() ? "revoked" : "active",
                            k.scope().wire(), k.createdAt(), printable(k.name()));
                }
                for (String item : m.unreadable()) System.out.println("left in the state table, not a key: " + printable(item));
                System.out.println(m.moved().size() + " keys moved from the state table to the keys table"
                        + (m.moved().isEmpty() && m.unreadable().isEmpty() ? " (none there, or moved before)" : ""));
            }
            default -> {
                for (KeyStore.ApiKey k : keys.list()) {
                    System.out.printf("%s  %-8s  %-5s  %-22s  %s  %s%n", k.keyId(), k.revoked() ? "revoked" : "active",
                            k.scope().wire(), quotaText(k), k.createdAt(), k.name());
                }
            }
        }
    }

    /** A key's successor and how many of the detection API's baselines it took over. */
    record Rotated(KeyStore.Created successor, int baselinesCopied) {}

    /**
     * A new secret for a key: a new key (its id derives from the secret) with the old one's name, scope and quota, and
     * the detection baselines filed under the old id copied to the new one, which would otherwise start without them.
     * The old key stays valid until revoked, so clients can move over first.
     */
    static Rotated rotate(KeyStore keys, BaselineStore baselines, String keyId, Instant now,
                          java.util.function.Consumer<KeyStore.Created> created) {
        KeyStore.ApiKey old = keys.list().stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no key " + keyId));
        if (old.revoked()) throw new IllegalArgumentException(keyId + " is revoked: create a new key instead");
        KeyStore.Created successor = keys.create(old.name(), old.scope(), old.requestsPerMinute(), now);
        created.accept(successor);
        List<BaselineStore.Stored> copied = baselines.list(keyId);
        for (BaselineStore.Stored b : copied) {
            baselines.put(new BaselineStore.Stored(successor.key().keyId(), b.machineId(), b.baseline(), b.learnedAt()));
        }
        return new Rotated(successor, copied.size());
    }

    static BaselineStore baselines(Stores stores) {
        return new DynamoBaselineStore(stores.dynamoDb(), stores.settings().tables().state());
    }

    /** Text anyone who could write the state table chose, with control characters shown, not obeyed by the terminal. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) out.append(String.format("\\u%04x", c));
            else out.appendCodePoint(c);
        });
        return out.toString();
    }

    static KeyStore.Scope scope(String arg) {
        try {
            return KeyStore.Scope.parse(arg);
        } catch (IllegalArgumentException e) {
            usage("a scope is read or write, not " + arg);
            return null;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) usage(option + " needs a value");
        return args[i];
    }

    /** {@code default} (the deployment's), {@code none}, or requests per minute. */
    static int quota(String arg) {
        return switch (arg) {
            case "default" -> KeyStore.DEFAULT_QUOTA;
            case "none" -> KeyStore.NO_QUOTA;
            default -> {
                try {
                    int n = Integer.parseInt(arg);
                    if (n > 0) yield n;
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                usage("a quota is a number of requests per minute, default or none, not " + arg);
                yield 0;
            }
        };
    }

    static String quotaText(KeyStore.ApiKey k) {
        return switch (k.requestsPerMinute()) {
            case KeyStore.DEFAULT_QUOTA -> "default quota";
            case KeyStore.NO_QUOTA -> "no quota";
            default -> k.requestsPerMinute() + " req/min";
        };
    }

    /**
     * The process's environment, with the region the CDK and the AWS CLI deploy to when {@code AWS_REGION} is not set
     * ({@code AWS_DEFAULT_REGION}, else the profile's), so that keys and catalogue land in the deployed stack's tables.
     */
    static Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.values().removeIf(String::isBlank);
        if (env.containsKey("AWS_REGION")) return env;
        if (env.containsKey("AWS_DEFAULT_REGION")) {
            env.put("AWS_REGION", env.get("AWS_DEFAULT_REGION")); // the AWS CLI's and the CDK's variable
            return env;
        }
        try {
            env.put("AWS_REGION", new software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain().getRegion().id());
        } catch (RuntimeException none) {
            // no profile region either: Settings' default
        }
        return env;
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        if (!Files.exists(file)) {
            System.err.println("no " + file + ": is the local cloud running (./wattline local)?");
            System.exit(1);
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return env;
    }

    private static void usage(String problem) {
        if (problem != null) System.err.println(problem);
        System.err.println("usage: keys create [--name NAME] [--scope read|write] [--quota N|default|none] | keys quota KEY_ID N|default|none"
                + " | keys rotate KEY_ID | keys revoke KEY_ID | keys list | keys migrate   [--local [DIR]]");
        System.exit(2);
    }
}
