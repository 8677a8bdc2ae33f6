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
        LocalCloud.Options o = LocalCloud.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data" -> o = o.withDataDir(Path.of(value(args, ++i, a)));
                case "--port" -> o = o.withPort(Integer.parseInt(value(args, ++i, a)));
                case "--days" -> o = o.withSeedDays(Integer.parseInt(value(args, ++i, a)));
                case "--seed" -> o = o.withSeed(Long.parseLong(value(args, ++i, a)));
                case "--in-memory" -> o = o.withInMemory(true);
                case "--no-scheduler" -> o = o.withScheduler(false);
                case "--no-live" -> o = o.withLive(false);
                case "--open-reads" -> o = o.withOpenReads(true);
                default -> {
                    System.err.println("unknown option " + a
                            + "; options: --data DIR --port N --days N --seed N --in-memory --no-scheduler --no-live --open-reads");
                    System.exit(2);
                }
            }
        }
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(o);
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
                + " ./wattline keys create --name NAME [--scope read] " + local);
        stop.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
