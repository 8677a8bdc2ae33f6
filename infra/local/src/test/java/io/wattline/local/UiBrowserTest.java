package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboards in a real browser: runs {@code ui/test/*.test.js} (headless Chromium driven by playwright-core)
 * against this JVM's local cloud, which serves the built bundle at /ui/. Skipped, with the reason, when the
 * bundle is not built, Node.js or playwright-core is missing, or no Chromium is installed
 * ({@code ./wattline test} builds the bundle; {@code .ci/run} installs Debian's chromium).
 * Screenshots of each page and the page-weight figures go to target/ui-screenshots.
 */
class UiBrowserTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");

    @Test
    void everyPageRendersTheApisNumbersInChromium() throws Exception {
        StaticSite site = StaticSite.locate();
        assumeTrue(site.built(), "the UI bundle is not built (" + site.root() + "): cd ui && npm ci && npm run build");
        Path ui = site.root().getParent();
        assumeTrue(Files.isDirectory(ui.resolve("node_modules/playwright-core")), "playwright-core is not installed: cd ui && npm ci");
        Optional<String> node = onPath("node");
        assumeTrue(node.isPresent(), "no node on PATH");
        Optional<String> chromium = Optional.ofNullable(System.getenv("CHROMIUM_PATH")).or(
                () -> CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst());
        assumeTrue(chromium.isPresent(), "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)");

        String url = TestCloud.get().url().toString();
        Path shots = Path.of("target/ui-screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        ProcessBuilder pb = new ProcessBuilder(node.get(), "--test", "--test-concurrency=1", "--test-reporter=spec", "test/")
                .directory(ui.toFile()).redirectErrorStream(true).redirectOutput(shots.resolve("browser-tests.log").toFile());
        pb.environment().put("WATTLINE_URL", url);
        pb.environment().put("CHROMIUM_PATH", chromium.get());
        pb.environment().put("SCREENSHOT_DIR", shots.toString());
        Process p = pb.start();
        // about 60 tests of a few seconds each, one at a time; on a loaded two-core machine 4 minutes cut the last ones off
        if (!p.waitFor(8, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the browser tests did not finish within 8 minutes");
        }
        String output = Files.readString(shots.resolve("browser-tests.log"));
        System.out.println(output);
        assertEquals(0, p.exitValue(), "browser tests failed:\n" + output);
    }

    private static Optional<String> onPath(String name) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }
}
