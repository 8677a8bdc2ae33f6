package io.wattline.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of {@code ./wattline local}: its options, and one clear line for a wrong one. */
class LocalCloudMainTest {

    @Test
    void readsEveryOption() {
        LocalCloud.Options o = LocalCloudMain.options(new String[] {"--data", "d", "--port", "8010", "--days", "7",
                "--seed", "-5", "--in-memory", "--no-scheduler", "--no-live", "--open-reads"});
        assertEquals(Path.of("d"), o.dataDir());
        assertEquals(8010, o.port());
        assertEquals(7, o.seedDays());
        assertEquals(-5, o.seed());
        assertTrue(o.inMemory() && !o.scheduler() && !o.live() && o.openReads());
        assertTrue(o.models(), "the demo's models are made unless --no-models");
        assertTrue(!LocalCloudMain.options(new String[] {"--no-models"}).models());
    }

    @Test
    void saysWhatIsWrongInOneLine() {
        assertEquals("--port takes a whole number from 0 to 65535, not abc", message("--port", "abc"));
        assertEquals("--port takes a whole number from 0 to 65535, not 70000", message("--port", "70000"));
        assertEquals("--days takes a whole number from 0 to 3660, not -1", message("--days", "-1"));
        assertEquals("--seed takes a whole number, not 1.5", message("--seed", "1.5"));
        assertEquals("--port needs a value", message("--port"));
        assertEquals("--data needs a value", message("--data", "--in-memory"));
        assertTrue(message("--ports", "8010").startsWith("unknown option --ports; options: --data DIR"));
    }

    @Test
    void aBusyPortIsSaidBeforeAnyStorageStarts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path data = dir.resolve("cloud");
            LocalCloud.PortInUse e = assertThrows(LocalCloud.PortInUse.class, () -> LocalCloud.start(LocalCloud.Options.defaults()
                    .withDataDir(data).withPort(taken.getLocalPort()).withSeedDays(0)));
            assertEquals("port " + taken.getLocalPort() + " on 127.0.0.1 is in use (is a local cloud already running? --port N"
                    + " picks another)", e.getMessage());
            assertTrue(!java.nio.file.Files.exists(data), "nothing started, nothing written");
        }
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> LocalCloudMain.options(args)).getMessage();
    }
}
