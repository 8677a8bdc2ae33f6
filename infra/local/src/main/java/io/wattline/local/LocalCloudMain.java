package io.wattline.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mvn -pl infra/local exec:java}: starts the local cloud in the foreground until Ctrl-C.
 * Options: {@code --data DIR} (default .local-cloud), {@code --port N} (8001), {@code --days N}
 * (30; 0 skips seeding and the live feed), {@code --seed N} (42), {@code --in-memory}, {@code --no-scheduler},
 * {@code --no-live} (the demo plant stands still: no new readings every minute), {@code --open-reads} (read routes
 * answer without a key, for a voice assistant that sends none; writes still need one).
 */
public final class LocalCloudMain {
    private LocalCloudMain() {}

    public static void main(String[] args) throws InterruptedException {
        LocalCloud.Options o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(o);
        } catch (LocalCloud.PortInUse e) {
            System.err.println("local cloud did not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException | Error e) {
            // the storage servers' threads would keep a failed start alive: say why and end
            System.err.println("local cloud did not start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cloud.close();
            stop.countDown();
        }));
        System.out.println("Wattline local cloud: API at " + cloud.url() + " (try " + cloud.url() + "/api/v1/health); Ctrl-C stops it");
        // the key tool finds this cloud through its data folder: name it unless it is the tool's default
        String local = o.dataDir() == null || o.dataDir().normalize().equals(Path.of(".local-cloud")) ? "--local"
                : "--local " + o.dataDir();
        System.out.println((o.openReads() ? "Writes, detection and usage need a key (read routes are open: --open-reads)"
                : "Every route but / and /api/v1/health needs a key (start with --open-reads to open the read routes, e.g."
                + " for a voice assistant)") + ": the development key " + io.wattline.store.KeyStore.LOCAL_DEVELOPMENT_KEY
                + " opens them all (X-Api-Key, Authorization: Bearer or Ocp-Apim-Subscription-Key); your own keys:"
                + " ./wattline keys create --name NAME [--scope write] " + local);
        stop.await();
    }

    /** The command line's options; an {@link IllegalArgumentException} says in one line what is wrong. */
    static LocalCloud.Options options(String[] args) {
        LocalCloud.Options o = LocalCloud.Options.defaults().withModels(true);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> o = o.withDataDir(Path.of(value(args, ++i, a)));
                case "--port" -> o = o.withPort((int) number(value(args, ++i, a), a, 0, 65535));
                case "--days" -> o = o.withSeedDays((int) number(value(args, ++i, a), a, 0, 3660));
                case "--seed" -> o = o.withSeed(number(value(args, ++i, a), a, Long.MIN_VALUE, Long.MAX_VALUE));
                case "--in-memory" -> o = o.withInMemory(true);
                case "--no-scheduler" -> o = o.withScheduler(false);
                case "--no-live" -> o = o.withLive(false);
                case "--open-reads" -> o = o.withOpenReads(true);
                case "--no-models" -> o = o.withModels(false);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; options: --data DIR --port N --days N --seed N --in-memory --no-scheduler --no-live --no-models --open-reads (./wattline local --help says what each does)");
            }
        }
        return o;
    }

    private static long number(String text, String option, long min, long max) {
        try {
            long n = Long.parseLong(text.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException(option + " takes a whole number"
                + (min == Long.MIN_VALUE ? "" : " from " + min + " to " + max) + ", not " + text);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
