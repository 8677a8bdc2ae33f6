package io.wattline.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's context flags. */
class WattlineAppTest {
    private static App app(Map<String, Object> context) {
        return new App(AppProps.builder().context(context).build());
    }

    @Test
    void timestreamIsOffUnlessAskedFor() {
        assertFalse(WattlineApp.timestream(app(Map.of())));
        assertFalse(WattlineApp.timestream(app(Map.of("timestream", false))));
        assertFalse(WattlineApp.timestream(app(Map.of("timestream", "no"))));
        assertTrue(WattlineApp.timestream(app(Map.of("timestream", "true"))), "-c timestream=true on the command line");
        assertTrue(WattlineApp.timestream(app(Map.of("timestream", true))), "true in cdk.json");
    }

    @Test
    void jarDirOverridesTheRepositoriesFunctionsFolder() {
        assertEquals(Path.of("/opt/jars"), WattlineApp.functionsDir(app(Map.of("jarDir", "/opt/jars"))));
        Path fallback = WattlineApp.functionsDir(app(Map.of()));
        assertEquals("functions", fallback.getFileName().toString());
        assertTrue(Files.isDirectory(fallback.resolve("data")), "the repository's functions/ folder: " + fallback);
    }

    @Test
    void alarmEmailsAreAListOfAddresses() {
        assertEquals(java.util.List.of(), WattlineApp.alarmEmails(app(Map.of())));
        assertEquals(java.util.List.of("ops@example.com", "oncall@example.com"),
                WattlineApp.alarmEmails(app(Map.of("alarmEmail", "ops@example.com, oncall@example.com"))));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WattlineApp.alarmEmails(app(Map.of("alarmEmail", "ops"))));
        assertTrue(e.getMessage().contains("not an address: ops"), e.getMessage());
    }
}
